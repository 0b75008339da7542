package io.podchain.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

/** The single row naming the tip of the best chain. */
@Entity
@Table(name = "chain_state")
public class ChainStateEntity extends PanacheEntityBase {
    static final short SINGLETON_ID = 1;

    @Id
    public short id = SINGLETON_ID;
    @Column(name = "network_id")
    public String networkId;
    @Column(name = "genesis_hash")
    public String genesisHash;
    @Column(name = "tip_hash")
    public String tipHash;

    static ChainStateEntity get() {
        return findById(SINGLETON_ID);
    }

    /** Locks the row: every change of the chain holds this lock until it commits, one at a time. */
    static ChainStateEntity lock() {
        return findById(SINGLETON_ID, LockModeType.PESSIMISTIC_WRITE);
    }
}
