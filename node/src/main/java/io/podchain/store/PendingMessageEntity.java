package io.podchain.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A message waiting to be mined. Rows are written with SQL (on conflict do nothing); this maps them for reads. */
@Entity
@Table(name = "pending_message")
public class PendingMessageEntity extends PanacheEntityBase {
    @Id
    @Column(name = "message_id")
    public String messageId;
    @Column(name = "queued_seq", insertable = false, updatable = false)
    public Long queuedSeq;
}
