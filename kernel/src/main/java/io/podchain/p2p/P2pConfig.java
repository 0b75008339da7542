package io.podchain.p2p;

import java.util.Objects;
import java.util.Optional;

/**
 * The network's settings ({@code podchain.p2p.*} in the node, where {@code P2pSettings} maps them and says their
 * defaults; the simulator sets them per run).
 *
 * @param advertisedAddress  the host:port other nodes dial to reach this one (in Kubernetes: the pod IP and HTTP
 *                           port); empty: the HTTP host and port
 * @param maxOutbound        connections this node opens at most (as Bitcoin Core's 8 full-relay outbound peers)
 * @param maxInbound         connections this node accepts at most
 * @param clusterSecret      the credential of this network's members ({@link Membership}); empty: the network is open
 * @param maxProtocolVersion the highest protocol version this node speaks (its lowest is
 *                           {@link P2pLimits#MIN_PROTOCOL_VERSION}); above {@link P2pLimits#PROTOCOL_VERSION} only in
 *                           tests, to act as the next release during a rolling upgrade
 */
public record P2pConfig(Optional<String> advertisedAddress, int maxOutbound, int maxInbound,
        Optional<String> clusterSecret, int maxProtocolVersion) {
    public static final int DEFAULT_MAX_OUTBOUND = 8;
    public static final int DEFAULT_MAX_INBOUND = 32;

    public P2pConfig {
        Objects.requireNonNull(advertisedAddress);
        Objects.requireNonNull(clusterSecret);
    }

    /** The defaults, open network, advertised at the HTTP host and port. */
    public static P2pConfig defaults() {
        return new P2pConfig(Optional.empty(), DEFAULT_MAX_OUTBOUND, DEFAULT_MAX_INBOUND, Optional.empty(),
                P2pLimits.PROTOCOL_VERSION);
    }

    public P2pConfig withMaxInbound(int inbound) {
        return new P2pConfig(advertisedAddress, maxOutbound, inbound, clusterSecret, maxProtocolVersion);
    }

    public P2pConfig withMaxOutbound(int outbound) {
        return new P2pConfig(advertisedAddress, outbound, maxInbound, clusterSecret, maxProtocolVersion);
    }

    public P2pConfig withAdvertisedAddress(String address) {
        return new P2pConfig(Optional.of(address), maxOutbound, maxInbound, clusterSecret, maxProtocolVersion);
    }
}
