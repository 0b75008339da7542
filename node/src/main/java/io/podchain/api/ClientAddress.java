package io.podchain.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address a request's client shares are counted by ({@link ClientLimits}, {@link ClientConnections}, the event
 * streams): the socket's peer, or behind a configured trusted proxy the client that proxy names
 * ({@link ForwardedClient}). Peer-to-peer connections are not read through this: pods dial each other directly.
 */
@ApplicationScoped
class ClientAddress {
    private final ForwardedClient forwarded;

    ClientAddress(ApiConfig config,
            @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
            boolean quarkusForwarding) {
        if (quarkusForwarding) {
            // Quarkus would rewrite the socket's address from the leftmost entry before this class sees it
            throw new IllegalStateException("quarkus.http.proxy.proxy-address-forwarding is not supported: "
                    + "set podchain.api.trusted-proxies (and podchain.api.forwarded-header) instead");
        }
        this.forwarded = new ForwardedClient(config.trustedProxies().orElse(List.of()), config.forwardedHeader());
    }

    String of(HttpServerRequest request) {
        String peer = request.remoteAddress().hostAddress();
        List<String> values = request.headers().getAll(forwarded.header().headerName);
        return forwarded.client(peer, values.isEmpty() ? null : String.join(",", values));
    }

    /** Whether the request's socket comes from a trusted proxy, whose connections carry many clients. */
    boolean fromTrustedProxy(HttpServerRequest request) {
        return forwarded.trusts(request.remoteAddress().hostAddress());
    }
}
