package io.podchain.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node will not start with Quarkus's own forwarded-header handling, which trusts the leftmost entry. */
class ClientAddressTest {
    private static ApiConfig config(List<String> trusted) {
        return new ApiConfig() {
            @Override
            public Optional<String> adminToken() {
                return Optional.empty();
            }

            @Override
            public int clientRequestsPerSecond() {
                return 200;
            }

            @Override
            public int clientConcurrentRequests() {
                return 16;
            }

            @Override
            public int clientConnections() {
                return 32;
            }

            @Override
            public Optional<List<String>> trustedProxies() {
                return Optional.of(trusted);
            }

            @Override
            public ForwardedClient.Header forwardedHeader() {
                return ForwardedClient.Header.X_FORWARDED_FOR;
            }
        };
    }

    @Test
    void quarkusProxyAddressForwardingIsRefused() {
        assertThatThrownBy(() -> new ClientAddress(config(List.of("10.0.0.0/8")), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.http.proxy.proxy-address-forwarding")
                .hasMessageContaining("podchain.api.trusted-proxies");
        assertThatCode(() -> new ClientAddress(config(List.of("10.0.0.0/8")), false)).doesNotThrowAnyException();
    }

    @Test
    void aWrongTrustedProxyEntryIsRefusedAtStart() {
        assertThatThrownBy(() -> new ClientAddress(config(List.of("10.0.0.0/8", "ingress")), false))
                .hasMessageContaining("'ingress'");
    }
}
