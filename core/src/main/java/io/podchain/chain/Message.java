package io.podchain.chain;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A signed message from a sender to a recipient id: the original's "transaction". Its id is the SHA-256 of its
 * canonical bytes, signature included; since signatures are deterministic and low-S only, one message has one id.
 */
public final class Message {
    static final String SIGNING_DOMAIN = "podchain/message/v1";

    private final PublicKey sender;
    private final String recipient;
    private final String content;
    private final long createdAt;
    private final Signature signature;
    private final byte[] canonical;
    private final Hash id;

    public Message(PublicKey sender, String recipient, String content, long createdAt, Signature signature) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.content = Objects.requireNonNull(content, "content");
        this.createdAt = createdAt;
        this.signature = Objects.requireNonNull(signature, "signature");
        byte[] recipientBytes = recipient.getBytes(StandardCharsets.UTF_8);
        byte[] contentBytes = content.getBytes(StandardCharsets.UTF_8);
        if (recipientBytes.length > 0xffff || contentBytes.length > 0xffff) {
            throw new MalformedException("message field longer than its u16 length prefix");
        }
        this.canonical = new CanonicalWriter(signingSize(recipientBytes, contentBytes) + Signature.LENGTH)
                .fixed(signingBytes(sender, recipientBytes, contentBytes, createdAt))
                .fixed(signature.bytesUnsafe())
                .toByteArray();
        this.id = Hashes.sha256(canonical);
    }

    /** Signs a new message with {@code key}. */
    public static Message sign(SigningKey key, String recipient, String content, long createdAt) {
        Hash digest = signingDigest(key.publicKey(), recipient, content, createdAt);
        return new Message(key.publicKey(), recipient, content, createdAt, key.sign(digest));
    }

    public static Message decode(CanonicalReader in) {
        PublicKey sender = PublicKey.of(in.fixed(PublicKey.LENGTH));
        String recipient = Utf8.decode(in.bytes16(ConsensusLimits.MAX_RECIPIENT_BYTES), "recipient");
        String content = Utf8.decode(in.bytes16(ConsensusLimits.MAX_CONTENT_BYTES), "content");
        long createdAt = in.i64();
        Signature signature = Signature.of(in.fixed(Signature.LENGTH));
        return new Message(sender, recipient, content, createdAt, signature);
    }

    public static Message decode(byte[] canonicalBytes) {
        CanonicalReader in = new CanonicalReader(canonicalBytes);
        Message message = decode(in);
        in.requireExhausted();
        return message;
    }

    /** The digest the sender signs: a domain tag and every field but the signature. */
    public Hash signingDigest() {
        return signingDigest(sender, recipient, content, createdAt);
    }

    private static Hash signingDigest(PublicKey sender, String recipient, String content, long createdAt) {
        byte[] recipientBytes = recipient.getBytes(StandardCharsets.UTF_8);
        byte[] contentBytes = content.getBytes(StandardCharsets.UTF_8);
        return Hashes.signingDigest(SIGNING_DOMAIN, signingBytes(sender, recipientBytes, contentBytes, createdAt));
    }

    private static byte[] signingBytes(PublicKey sender, byte[] recipient, byte[] content, long createdAt) {
        return new CanonicalWriter(signingSize(recipient, content))
                .fixed(sender.bytesUnsafe())
                .bytes16(recipient)
                .bytes16(content)
                .i64(createdAt)
                .toByteArray();
    }

    private static int signingSize(byte[] recipient, byte[] content) {
        return PublicKey.LENGTH + 2 + recipient.length + 2 + content.length + 8;
    }

    public Hash id() {
        return id;
    }

    public PublicKey sender() {
        return sender;
    }

    public String recipient() {
        return recipient;
    }

    public String content() {
        return content;
    }

    public long createdAt() {
        return createdAt;
    }

    public Signature signature() {
        return signature;
    }

    public byte[] canonicalBytes() {
        return canonical.clone();
    }

    public int encodedSize() {
        return canonical.length;
    }

    void writeTo(CanonicalWriter out) {
        out.fixed(canonical);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Message[" + id.toHex() + "]";
    }
}
