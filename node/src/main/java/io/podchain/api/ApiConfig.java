package io.podchain.api;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "podchain.api")
public interface ApiConfig {
    /**
     * When set, the operator's actions (node-signed messages, {@code POST /api/mine}, {@code POST /api/blocks})
     * require {@code Authorization: Bearer <token>}; reads and client-signed messages stay open. Without it every
     * caller is the operator (a local node); the Helm chart always sets one.
     */
    Optional<String> adminToken();

    /**
     * Requests per second one client address may make on average (twice as many in a burst); beyond, 429 with
     * Retry-After. A dashboard makes a few; the CLI one at a time; a load generator on one address needs more.
     */
    @io.smallrye.config.WithDefault("200")
    int clientRequestsPerSecond();

    /** Requests one client address may have in progress at once (an open event stream counts as one). */
    @io.smallrye.config.WithDefault("16")
    int clientConcurrentRequests();

    /**
     * Connections one client address may hold open at once, counted from each connection's first request (the
     * API's, the dashboard's and the peer upgrade's); beyond, its request is answered 429 and the connection closed.
     * A browser opens at most 6 per host and a pod's peer connections are at most 4 per address
     * ({@code P2pLimits.MAX_INBOUND_PER_IP}); 32 is room for those together, while it takes 16 addresses to fill
     * the node's {@code quarkus.http.limits.max-connections} (512). A trusted proxy's connections carry many
     * clients' requests and are not counted here; the node-wide bound holds them.
     */
    @io.smallrye.config.WithDefault("32")
    int clientConnections();

    /**
     * The proxies in front of the node (an Ingress controller's pods, a mesh sidecar, a load balancer) as addresses
     * or CIDR ranges. A request whose socket comes from one of them is counted against the client its
     * {@link #forwardedHeader()} names ({@link ForwardedClient}); from any other address the header is ignored, so
     * a client cannot choose its share. Empty (the default): no header is read.
     */
    Optional<List<String>> trustedProxies();

    /** The header the trusted proxies write: {@code x-forwarded-for} or RFC 7239's {@code forwarded}. */
    @io.smallrye.config.WithDefault("x-forwarded-for")
    ForwardedClient.Header forwardedHeader();
}
