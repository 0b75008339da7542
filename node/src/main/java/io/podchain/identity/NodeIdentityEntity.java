package io.podchain.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "node_identity")
public class NodeIdentityEntity extends PanacheEntityBase {
    static final short SINGLETON_ID = 1;

    @Id
    public short id = SINGLETON_ID;
    public String mnemonic;

    @Override
    public String toString() {
        return "NodeIdentityEntity[mnemonic hidden]";
    }
}
