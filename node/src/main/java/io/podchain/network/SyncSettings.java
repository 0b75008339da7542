package io.podchain.network;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "podchain.sync")
public interface SyncSettings {
    /**
     * How long after start-up, and after a peer connects, to wait for round-trip measurements before choosing a
     * sync peer; a peer is pinged as soon as it connects, so on a healthy network this is never the limit.
     */
    @WithDefault("2s")
    Duration settleTime();
}
