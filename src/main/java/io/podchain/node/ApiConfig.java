package io.podchain.node;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "podchain.api")
public interface ApiConfig {
    /**
     * When set, the operator's actions (node-signed messages, {@code POST /api/mine}, {@code POST /api/blocks})
     * require {@code Authorization: Bearer <token>}; reads and client-signed messages stay open. Without it every
     * caller is the operator (a local node); the Helm chart always sets one.
     */
    Optional<String> adminToken();
}
