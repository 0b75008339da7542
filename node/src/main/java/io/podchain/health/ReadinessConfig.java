package io.podchain.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Readiness thresholds. */
@ConfigMapping(prefix = "podchain.readiness")
public interface ReadinessConfig {
    /** Blocks behind the best peer's tip that still count as in sync (Besu's default is 2 as well). */
    @WithDefault("2")
    long maxBlocksBehind();

    /** Peers needed; default 1 when discovery is configured, 0 for a solo node. */
    Optional<Integer> minPeers();

    /**
     * Hysteresis: a ready node falling further behind stays ready this long before it is reported unready, so a
     * burst of new blocks does not flap the Service's endpoints.
     */
    @WithDefault("15s")
    Duration grace();
}
