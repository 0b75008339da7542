package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The table of message handlers, as {@link Network} wires it for the node and the simulator: every message type a
 * proven peer may send has its entry.
 */
class MessageTableTest {
    @Test
    void everyMessageTypeIsRoutedForProvenPeers() {
        assertThat(NodeParts.network("table", "10.9.0.1").router().routedTypes()).containsExactlyInAnyOrderElementsOf(
                Arrays.asList(ProtocolMessage.class.getPermittedSubclasses()).stream()
                        .map(type -> type.asSubclass(ProtocolMessage.class)).toList());
    }

    @Test
    void requestsNameTheirAnswersAndAnswersSayWhatTheyAre() {
        assertThat(new ProtocolMessage.GetHeaders(java.util.List.of(), "00").answeredBy())
                .isEqualTo(ProtocolMessage.Headers.class);
        assertThat(new ProtocolMessage.GetBlocks(java.util.List.of()).answeredBy())
                .isEqualTo(ProtocolMessage.Blocks.class);
        assertThat(new ProtocolMessage.Headers(java.util.List.of()).answersARequest()).isTrue();
        assertThat(new ProtocolMessage.Blocks(java.util.List.of()).answersARequest()).isTrue();
        assertThat(new ProtocolMessage.Messages(java.util.List.of()).answersARequest()).isTrue();
        assertThat(new ProtocolMessage.Ping(1).answersARequest()).isFalse();
        assertThat(new ProtocolMessage.Ping(1).answeredBy()).isNull();
    }
}
