package io.podchain.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;

@Entity
@Table(name = "peer")
public class PeerEntity extends PanacheEntityBase {
    @Id
    public String address;
    @Column(name = "node_key")
    public String nodeKey;
    public String direction;
    public String status;
    @Column(name = "rtt_millis")
    public Double rttMillis;
    public Long height;
    @Column(name = "cumulative_work", precision = 80)
    public BigInteger cumulativeWork;
    @Column(name = "tip_hash")
    public String tipHash;
    public int misbehaviour;
    @Column(name = "banned_until")
    public Instant bannedUntil;
    @Column(name = "last_changed")
    public Instant lastChanged;
    @Column(name = "last_seen")
    public Instant lastSeen;
}
