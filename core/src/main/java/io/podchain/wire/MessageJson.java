package io.podchain.wire;

import io.podchain.chain.Hash;
import io.podchain.chain.MalformedException;
import io.podchain.chain.Message;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Signature;

/** A signed message. {@code id} is informative on output; on input, when present, it must match. */
public record MessageJson(String id, String sender, String recipient, String content, Long createdAt,
        String signature) {

    public static MessageJson of(Message m) {
        return new MessageJson(m.id().toHex(), m.sender().toHex(), m.recipient(), m.content(), m.createdAt(),
                m.signature().toHex());
    }

    public Message toMessage() {
        Message message = new Message(PublicKey.fromHex(sender), require(recipient, "recipient"),
                require(content, "content"), require(createdAt, "createdAt"), Signature.fromHex(signature));
        if (id != null && !id.equalsIgnoreCase(message.id().toHex())) {
            throw new MalformedException("id " + id + " is not the id of the message, " + message.id());
        }
        return message;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new MalformedException(field + " is missing");
        }
        return value;
    }

    static Hash hash(String hex, String field) {
        try {
            return Hash.fromHex(require(hex, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedException(field + " is not a 64-character hex hash");
        }
    }
}
