package io.podchain.store;

import io.podchain.chain.Message;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Signature;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "message")
public class MessageEntity extends PanacheEntityBase {
    @Id
    public String id;
    public String sender;
    public String recipient;
    public String content;
    @Column(name = "created_at")
    public long createdAt;
    public String signature;

    Message toMessage() {
        return toMessage(sender, recipient, content, createdAt, signature);
    }

    /** A message from its stored columns. */
    static Message toMessage(String sender, String recipient, String content, long createdAt, String signature) {
        return new Message(PublicKey.fromHex(sender.trim()), recipient, content, createdAt,
                Signature.fromHex(signature.trim()));
    }
}
