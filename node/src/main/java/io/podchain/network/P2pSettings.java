package io.podchain.network;

import io.podchain.p2p.P2pConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code podchain.p2p.*}: the network's settings ({@link P2pConfig} says what each means). */
@ConfigMapping(prefix = "podchain.p2p")
public interface P2pSettings {
    Optional<String> advertisedAddress();

    @WithDefault("" + P2pConfig.DEFAULT_MAX_OUTBOUND)
    int maxOutbound();

    @WithDefault("" + P2pConfig.DEFAULT_MAX_INBOUND)
    int maxInbound();

    Optional<String> clusterSecret();

    @WithDefault("4")
    int maxProtocolVersion();

    default P2pConfig config() {
        return new P2pConfig(advertisedAddress(), maxOutbound(), maxInbound(), clusterSecret(), maxProtocolVersion());
    }
}
