package io.podchain.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** Which message stands at which position of which block. */
@Entity
@Table(name = "block_message")
@IdClass(BlockMessageEntity.Key.class)
public class BlockMessageEntity extends PanacheEntityBase {
    @Id
    @Column(name = "block_hash")
    public String blockHash;
    @Id
    public int position;
    @Column(name = "message_id")
    public String messageId;

    public record Key(String blockHash, int position) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
