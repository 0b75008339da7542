package io.podchain.network.registry;

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
    @Column(name = "node_key")
    public String nodeKey;
    public String address;
    public String direction;
    public String status;
    @Column(name = "rtt_millis")
    public Double rttMillis;
    @Column(name = "claimed_height")
    public Long claimedHeight;
    @Column(name = "claimed_work", precision = 80)
    public BigInteger claimedWork;
    @Column(name = "verified_height")
    public Long verifiedHeight;
    @Column(name = "verified_work", precision = 80)
    public BigInteger verifiedWork;
    public int misbehaviour;
    @Column(name = "banned_until")
    public Instant bannedUntil;
    @Column(name = "last_changed")
    public Instant lastChanged;
    @Column(name = "last_seen")
    public Instant lastSeen;
}
