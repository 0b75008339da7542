package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The node's table of message handlers, as wired: every message type a proven peer may send has its entry. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class MessageTableTest {
    @Inject
    MessageRouter router;

    @Test
    void everyMessageTypeIsRoutedForProvenPeers() {
        assertThat(router.routedTypes()).containsExactlyInAnyOrderElementsOf(
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
