package io.podchain.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "podchain.liveness")
public interface LivenessConfig {
    /** The engine ticks every second; this long without a tick means it is stuck or dead. */
    @WithDefault("60s")
    Duration maxTickAge();
}
