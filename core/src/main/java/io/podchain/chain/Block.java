package io.podchain.chain;

import java.util.List;
import java.util.Objects;

/** A header and the messages it commits to through its Merkle root. Encoded as header, u32 count, messages. */
public final class Block {
    private final BlockHeader header;
    private final List<Message> messages;

    public Block(BlockHeader header, List<Message> messages) {
        this.header = Objects.requireNonNull(header, "header");
        this.messages = List.copyOf(messages);
    }

    public static Block decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        BlockHeader header = BlockHeader.decode(in);
        long count = in.u32();
        if (count > ConsensusLimits.MAX_MESSAGES_PER_BLOCK) {
            throw new MalformedException(count + " messages exceed " + ConsensusLimits.MAX_MESSAGES_PER_BLOCK);
        }
        Message[] messages = new Message[(int) count];
        for (int i = 0; i < count; i++) {
            messages[i] = Message.decode(in);
        }
        in.requireExhausted();
        return new Block(header, List.of(messages));
    }

    public byte[] canonicalBytes() {
        CanonicalWriter out = new CanonicalWriter(encodedSize());
        header.writeTo(out);
        out.u32(messages.size());
        messages.forEach(m -> m.writeTo(out));
        return out.toByteArray();
    }

    public int encodedSize() {
        int size = BlockHeader.ENCODED_LENGTH + 4;
        for (Message m : messages) {
            size += m.encodedSize();
        }
        return size;
    }

    public Hash computeMerkleRoot() {
        return MerkleTree.root(messages.stream().map(Message::id).toList());
    }

    public BlockHeader header() {
        return header;
    }

    public Hash hash() {
        return header.hash();
    }

    public long height() {
        return header.height();
    }

    public List<Message> messages() {
        return messages;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block other && header.equals(other.header) && messages.equals(other.messages);
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return "Block[" + header.height() + " " + header.hash() + ", " + messages.size() + " messages]";
    }
}
