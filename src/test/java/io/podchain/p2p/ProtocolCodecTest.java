package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void everyMessageRoundTrips() throws Exception {
        List<ProtocolMessage> messages = List.of(
                new ProtocolMessage.Hello(1, "net", "aa", "bb", "10.0.0.1:8080", 5, "cc", "99"),
                new ProtocolMessage.Ping(7), new ProtocolMessage.Pong(-7),
                new ProtocolMessage.BlockAnnouncement("00ff"),
                new ProtocolMessage.GetHeaders(List.of("a", "b"), "00"),
                new ProtocolMessage.Headers(List.of("0a")), new ProtocolMessage.GetBlocks(List.of("ab")),
                new ProtocolMessage.Blocks(List.of()), new ProtocolMessage.MessageGossip("12"),
                new ProtocolMessage.Status(3, "dd", "12", Map.of("02ab", 1.5)),
                new ProtocolMessage.Reject("MALFORMED", "why"));
        for (ProtocolMessage message : messages) {
            String json = codec.encode(message);
            assertThat(codec.decode(json)).isEqualTo(message);
        }
        assertThat(codec.encode(new ProtocolMessage.Ping(1))).isEqualTo("{\"type\":\"PING\",\"nonce\":1}");
    }

    private void assertRejected(String json, RejectCode code) {
        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(ProtocolCodec.DecodeException.class)
                .extracting(e -> ((ProtocolCodec.DecodeException) e).code()).isEqualTo(code);
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
    void aNodeListeningOnEveryInterfaceIsReachedAtItsConnectionsAddress() {
        assertThat(PeerManager.reachableAddress("0.0.0.0:8080", "10.1.2.3")).isEqualTo("10.1.2.3:8080");
        assertThat(PeerManager.reachableAddress("10.9.9.9:8080", "10.1.2.3")).isEqualTo("10.9.9.9:8080");
    }
}
