package io.podchain.p2p;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

@ConfigMapping(prefix = "podchain.p2p")
public interface P2pConfig {
    /**
     * The host:port other nodes dial to reach this one (in Kubernetes: the pod IP and HTTP port). Default: the HTTP
     * host and port.
     */
    Optional<String> advertisedAddress();

    /** Connections this node opens at most (as Bitcoin Core's 8 full-relay outbound peers). */
    @WithDefault("8")
    int maxOutbound();

    /** Connections this node accepts at most. */
    @WithDefault("32")
    int maxInbound();

    /**
     * The credential of this network's members ({@link Membership}): only nodes holding the same secret become
     * peers. Unset: the network is open.
     */
    Optional<String> clusterSecret();

    /**
     * The highest protocol version this node speaks (its lowest is {@link P2pLimits#MIN_PROTOCOL_VERSION}). Set
     * above {@link P2pLimits#PROTOCOL_VERSION} only by tests, to act as the next release during a rolling upgrade.
     */
    @WithDefault("4")
    int maxProtocolVersion();
}
