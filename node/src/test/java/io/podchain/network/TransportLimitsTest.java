package io.podchain.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.p2p.P2pLimits;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The transport's limits are the node's configuration; the protocol's bounds are reasoned about with them. */
class TransportLimitsTest {
    @Test
    void theTransportAcceptsWhatTheLimitsSay() throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        for (String side : List.of("server", "client")) {
            for (String limit : List.of("max-message-size", "max-frame-size")) {
                assertThat(properties.getProperty("quarkus.websockets-next." + side + "." + limit)).as(side + " " + limit)
                        .isEqualTo(Integer.toString(P2pLimits.MAX_TRANSPORT_MESSAGE_CHARS));
            }
        }
        assertThat(P2pLimits.MAX_TRANSPORT_MESSAGE_CHARS).isGreaterThan(P2pLimits.MAX_MESSAGE_CHARS);
    }
}
