package io.podchain.chain;

import io.podchain.testing.Gen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.testing.TestBlocks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class CanonicalEncodingTest {
    private static final SigningKey KEY = TestBlocks.key("encoding");

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries200")
    void messagesRoundTrip(long seed) {
        Gen gen = new Gen(seed);
        String recipient = gen.string(1, 40);
        String content = gen.string(0, 300);
        long createdAt = gen.anyLong();
        Message message = new Message(KEY.publicKey(), recipient, content, createdAt,
                Signature.of(new byte[Signature.LENGTH]));
        Message decoded = Message.decode(message.canonicalBytes());
        // a string with unpaired surrogates cannot survive UTF-8; the validator rejects such messages
        if (isWellFormed(recipient) && isWellFormed(content)) {
            assertThat(decoded.recipient()).isEqualTo(recipient);
            assertThat(decoded.content()).isEqualTo(content);
            assertThat(decoded.id()).isEqualTo(message.id());
        }
        assertThat(decoded.createdAt()).isEqualTo(createdAt);
        assertThat(decoded.canonicalBytes()).isEqualTo(message.canonicalBytes());
    }

    private static boolean isWellFormed(String s) {
        return s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries200")
    void headersRoundTrip(long seed) {
        Gen gen = new Gen(seed);
        int version = gen.intIn(0, Integer.MAX_VALUE);
        int height = gen.intIn(0, Integer.MAX_VALUE);
        byte[] prev = gen.bytes(32);
        byte[] merkle = gen.bytes(32);
        long timestamp = gen.anyLong();
        int difficulty = gen.intIn(0, 255);
        byte[] signature = gen.bytes(64);
        long nonce = gen.anyLong();
        BlockHeader header = new BlockHeader(version, height, Hash.of(prev), Hash.of(merkle), timestamp, difficulty,
                KEY.publicKey(), Signature.of(signature), nonce);
        byte[] bytes = header.canonicalBytes();
        assertThat(bytes).hasSize(BlockHeader.ENCODED_LENGTH);
        BlockHeader decoded = BlockHeader.decode(bytes);
        assertThat(decoded.canonicalBytes()).isEqualTo(bytes);
        assertThat(decoded.hash()).isEqualTo(header.hash()).isEqualTo(Hashes.sha256(bytes));
        assertThat(new BlockHeader(decoded.version(), decoded.height(), decoded.previousHash(), decoded.merkleRoot(),
                decoded.timestamp(), decoded.difficulty(), decoded.minerKey(), decoded.minerSignature(),
                decoded.nonce())).isEqualTo(header);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries50")
    void blocksRoundTripAndEveryTruncationIsMalformed(long seed) {
        Gen gen = new Gen(seed);
        int messageCount = gen.intIn(0, 5);
        int cut = gen.intIn(1, 10_000);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < messageCount; i++) {
            messages.add(Message.sign(KEY, "r" + i, "content " + i, 1_000 + i));
        }
        Block block = new Block(new BlockHeader(1, 3, Hash.ZERO, MerkleTree.root(messages.stream().map(Message::id)
                .toList()), 5, 1, KEY.publicKey(), Signature.NONE, 9), messages);
        byte[] bytes = block.canonicalBytes();
        assertThat(bytes).hasSize(block.encodedSize());
        assertThat(Block.decode(bytes)).isEqualTo(block);
        int length = cut % bytes.length;
        assertThatThrownBy(() -> Block.decode(Arrays.copyOf(bytes, length))).isInstanceOf(MalformedException.class);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> Block.decode(longer)).isInstanceOf(MalformedException.class)
                .hasMessageContaining("trailing");
    }

    @org.junit.jupiter.api.Test
    void rejectsInvalidUtf8AndOverlongFields() {
        byte[] message = Message.sign(KEY, "bob", "hi", 1).canonicalBytes();
        byte[] broken = message.clone();
        int contentOffset = PublicKey.LENGTH + 2 + 3 + 2;
        broken[contentOffset] = (byte) 0xC3; // a lead byte followed by an ASCII byte: invalid UTF-8
        assertThatThrownBy(() -> Message.decode(broken)).isInstanceOf(MalformedException.class)
                .hasMessageContaining("UTF-8");
        CanonicalWriter tooLong = new CanonicalWriter(300).fixed(KEY.publicKey().toBytes())
                .bytes16(new byte[ConsensusLimits.MAX_RECIPIENT_BYTES + 1]);
        assertThatThrownBy(() -> Message.decode(tooLong.toByteArray())).isInstanceOf(MalformedException.class)
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> PublicKey.of(new byte[33])).isInstanceOf(MalformedException.class);
    }
}
