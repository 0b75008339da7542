package io.podchain.node;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "podchain.api")
public interface ApiConfig {
    /** When set, endpoints that operate the node (mine) require {@code Authorization: Bearer <token>}. */
    Optional<String> adminToken();
}
