package io.podchain.node;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "podchain.mining")
public interface MiningConfig {
    /** Mine pending messages automatically. */
    @WithDefault("true")
    boolean auto();

    /** Nonce-search threads. */
    @WithDefault("1")
    int threads();

    /** How often auto-mining looks for pending messages (the scheduler's smallest step is one second). */
    @WithDefault("1s")
    Duration pollInterval();
}
