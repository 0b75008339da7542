package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
    private static final String HASH = "cd".repeat(32);
    private static final String KEY = "02" + "ef".repeat(32);
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void everyMessageRoundTrips() throws Exception {
        List<ProtocolMessage> messages = List.of(
                new ProtocolMessage.Hello(2, "net", HASH, KEY, "10.0.0.1:8080", HASH, 5, HASH, "99"),
                new ProtocolMessage.Auth("ab".repeat(64)),
                new ProtocolMessage.Ping(7), new ProtocolMessage.Pong(-7),
                new ProtocolMessage.BlockAnnouncement("00ff"),
                new ProtocolMessage.GetHeaders(List.of("a", "b"), "00"),
                new ProtocolMessage.Headers(List.of("0a")), new ProtocolMessage.GetBlocks(List.of("ab")),
                new ProtocolMessage.Blocks(List.of()), new ProtocolMessage.Inventory(List.of(HASH)),
                new ProtocolMessage.GetMessages(List.of(HASH, HASH)), new ProtocolMessage.Messages(List.of("12")),
                new ProtocolMessage.Status(3, HASH, "12", Map.of(KEY, 1.5)),
                new ProtocolMessage.Reject("MALFORMED", "why"));
        for (ProtocolMessage message : messages) {
            String json = codec.encode(message);
            assertThat(codec.decode(json)).isEqualTo(message);
        }
        assertThat(codec.encode(new ProtocolMessage.Ping(1))).isEqualTo("{\"type\":\"PING\",\"nonce\":1}");
        // what a message says about itself (its bounds, its answer) is not on the wire
        assertThat(codec.encode(new ProtocolMessage.GetHeaders(List.of("a"), "00")))
                .isEqualTo("{\"type\":\"GET_HEADERS\",\"locator\":[\"a\"],\"stopHash\":\"00\"}");
        assertThat(codec.encode(new ProtocolMessage.Blocks(List.of("0a"))))
                .isEqualTo("{\"type\":\"BLOCKS\",\"blocks\":[\"0a\"]}");
    }

    private void assertRejected(String json, RejectCode code) {
        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).code()).isEqualTo(code);
    }

    @Test
    void badInputIsRefusedWithTheRightCode() {
        assertRejected("not json", RejectCode.MALFORMED);
        assertRejected("{\"nonce\":1}", RejectCode.MALFORMED);
        assertRejected("{\"type\":\"FLY\"}", RejectCode.UNKNOWN_TYPE);
        assertRejected("{\"type\":\"PING\"}", RejectCode.MALFORMED);
        assertRejected("{\"type\":\"PING\",\"nonce\":1,\"extra\":2}", RejectCode.MALFORMED);
        assertRejected("{\"type\":\"PING\",\"nonce\":\"x\"}", RejectCode.MALFORMED);
        assertRejected("{\"type\":\"PING\",\"nonce\":1} trailing", RejectCode.MALFORMED);
        assertRejected("{\"type\":\"BLOCK\",\"block\":null}", RejectCode.MALFORMED);
        assertRejected(codec.encode(new ProtocolMessage.Headers(Collections.nCopies(2001, "00"))), RejectCode.OVERSIZE);
        assertRejected(codec.encode(new ProtocolMessage.GetHeaders(Collections.nCopies(102, "00"), "00")),
                RejectCode.OVERSIZE);
        assertRejected(codec.encode(new ProtocolMessage.GetBlocks(Collections.nCopies(501, "00"))), RejectCode.OVERSIZE);
        assertRejected("{\"type\":\"BLOCK\",\"block\":\"" + "a".repeat(P2pLimits.MAX_MESSAGE_CHARS) + "\"}",
                RejectCode.OVERSIZE);
    }

    @Test
    void aRejectsCodeAndReasonAreBoundedAtTheEdge() throws Exception {
        String longest = "r".repeat(P2pLimits.MAX_REJECT_REASON_CHARS);
        assertThat(codec.decode(codec.encode(new ProtocolMessage.Reject("TOO_MANY_PEERS", longest))))
                .isEqualTo(new ProtocolMessage.Reject("TOO_MANY_PEERS", longest));
        assertRejected(codec.encode(new ProtocolMessage.Reject("TOO_MANY_PEERS", longest + "r")), RejectCode.OVERSIZE);
        assertThat(codec.decode(codec.encode(new ProtocolMessage.Reject("A".repeat(32), "")))).isNotNull();
        assertRejected(codec.encode(new ProtocolMessage.Reject("A".repeat(33), "")), RejectCode.MALFORMED);
        assertRejected(codec.encode(new ProtocolMessage.Reject("BAD\nLINE", "")), RejectCode.MALFORMED);
        assertRejected(codec.encode(new ProtocolMessage.Reject("", "")), RejectCode.MALFORMED);
    }

    /** The bounds of a message's parts must let the largest honest message through, or honest nodes could not talk. */
    @Test
    void theLargestHonestMessagesFitTheMessageBound() {
        String blockHex = "ab".repeat(io.podchain.chain.ConsensusLimits.MAX_BLOCK_BYTES);
        assertThat(codec.encode(new ProtocolMessage.BlockAnnouncement(blockHex)).length())
                .isLessThanOrEqualTo(P2pLimits.MAX_MESSAGE_CHARS);
        // a page holds blocks up to MAX_PAGE_BYTES of hex (beyond its first block, which goes alone at worst);
        // the envelope is largest for the smallest blocks, a header each
        String header = "ab".repeat(io.podchain.chain.BlockHeader.SIGNED_LENGTH + 64);
        assertThat(codec.encode(new ProtocolMessage.Blocks(Collections.nCopies(
                P2pLimits.MAX_PAGE_BYTES / header.length(), header))).length())
                .isLessThanOrEqualTo(P2pLimits.MAX_MESSAGE_CHARS);
        io.podchain.chain.Message largest = io.podchain.chain.Message.sign(io.podchain.testing.TestBlocks.key("big"),
                "r".repeat(io.podchain.chain.ConsensusLimits.MAX_RECIPIENT_BYTES),
                "c".repeat(io.podchain.chain.ConsensusLimits.MAX_CONTENT_BYTES), 1L);
        String largestMessage = io.podchain.chain.Hex.encode(largest.canonicalBytes());
        assertThat(codec.encode(new ProtocolMessage.Messages(Collections.nCopies(P2pLimits.MAX_MESSAGES_PER_REQUEST,
                largestMessage))).length()).isLessThanOrEqualTo(P2pLimits.MAX_MESSAGE_CHARS);
        assertThat(codec.encode(new ProtocolMessage.Headers(Collections.nCopies(P2pLimits.MAX_HEADERS_PER_MESSAGE,
                header))).length()).isLessThanOrEqualTo(P2pLimits.MAX_MESSAGE_CHARS);
        String hello = codec.encode(new ProtocolMessage.Hello(P2pLimits.PROTOCOL_VERSION, "n".repeat(64), HASH, KEY,
                "h".repeat(253) + ":65535", HASH, Long.MAX_VALUE, HASH, "9".repeat(P2pLimits.MAX_WORK_DIGITS)));
        assertThat(hello.length()).as("the largest HELLO fits the bound before the proof")
                .isLessThanOrEqualTo(P2pLimits.MAX_HANDSHAKE_MESSAGE_CHARS);
    }

    @Test
    void messageInventoriesAreBoundedAndCarryOnlyIds() throws Exception {
        assertThat(codec.decode(codec.encode(new ProtocolMessage.Inventory(Collections.nCopies(
                P2pLimits.MAX_INV_ENTRIES, HASH))))).isInstanceOf(ProtocolMessage.Inventory.class);
        assertRejected(codec.encode(new ProtocolMessage.Inventory(Collections.nCopies(P2pLimits.MAX_INV_ENTRIES + 1,
                HASH))), RejectCode.OVERSIZE);
        assertRejected(codec.encode(new ProtocolMessage.GetMessages(Collections.nCopies(
                P2pLimits.MAX_MESSAGES_PER_REQUEST + 1, HASH))), RejectCode.OVERSIZE);
        assertRejected(codec.encode(new ProtocolMessage.Messages(Collections.nCopies(
                P2pLimits.MAX_MESSAGES_PER_REQUEST + 1, "00"))), RejectCode.OVERSIZE);
        assertRejected(codec.encode(new ProtocolMessage.Inventory(List.of(HASH.toUpperCase()))), RejectCode.MALFORMED);
        assertRejected(codec.encode(new ProtocolMessage.GetMessages(List.of("ab"))), RejectCode.MALFORMED);
        assertRejected("{\"type\":\"INV\",\"messages\":[null]}", RejectCode.MALFORMED);
        assertRejected("{\"type\":\"MESSAGE\",\"message\":\"12\"}", RejectCode.UNKNOWN_TYPE);
    }

    @Test
    void numbersAndCollectionsAreBoundedBeforeTheyAreParsedOrKept() throws Exception {
        String hello = codec.encode(new ProtocolMessage.Hello(2, "net", HASH, KEY, "10.0.0.1:8080", HASH, 5, HASH,
                "99"));
        assertRejected(hello.replace("\"99\"", "\"" + "9".repeat(9_000_000) + "\""), RejectCode.OVERSIZE);
        assertRejected(hello.replace("\"99\"", "\"" + "9".repeat(P2pLimits.MAX_WORK_DIGITS + 1) + "\""),
                RejectCode.OVERSIZE);
        assertThat(codec.decode(hello.replace("\"99\"", "\"" + "9".repeat(P2pLimits.MAX_WORK_DIGITS) + "\"")))
                .as("the longest work the chain can store").isInstanceOf(ProtocolMessage.Hello.class);
        assertRejected(hello.replace("\"99\"", "\"-1\""), RejectCode.MALFORMED);
        assertRejected(hello.replace("\"99\"", "\"0x10\""), RejectCode.MALFORMED);
        assertRejected(hello.replace("\"height\":5", "\"height\":" + "9".repeat(5_000)), RejectCode.MALFORMED);
        assertRejected(hello.replace("\"height\":5", "\"height\":-5"), RejectCode.MALFORMED);
        assertRejected(hello.replace(KEY, "04" + "ef".repeat(32)), RejectCode.MALFORMED);
        assertRejected(hello.replace("\"challenge\":\"" + HASH, "\"challenge\":\"" + HASH.substring(2)),
                RejectCode.MALFORMED);
        assertRejected(codec.encode(new ProtocolMessage.Auth("ab".repeat(65))), RejectCode.MALFORMED);
        java.util.Map<String, Double> many = new java.util.HashMap<>();
        for (int i = 0; i <= P2pLimits.MAX_STATUS_LATENCIES; i++) {
            many.put("02" + String.format("%064x", i), 1.0);
        }
        assertRejected(codec.encode(new ProtocolMessage.Status(1, HASH, "1", many)), RejectCode.OVERSIZE);
        assertRejected("{\"type\":\"STATUS\",\"height\":1,\"tipHash\":\"" + HASH
                + "\",\"cumulativeWork\":\"1\",\"latencies\":{\"" + KEY + "\":null}}", RejectCode.MALFORMED);
        assertRejected(codec.encode(new ProtocolMessage.Status(1, HASH, "1", Map.of("not-a-key", 1.0))),
                RejectCode.MALFORMED);
        assertRejected(codec.encode(new ProtocolMessage.Status(1, HASH, "1", Map.of(KEY, -1.0))),
                RejectCode.MALFORMED);
    }
}
