package io.podchain.pool;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pending pool's bounds ({@link PoolBounds}): the defaults are its named constants. */
@ConfigMapping(prefix = "podchain.pool")
public interface PoolConfig {
    /** Messages the pending pool holds at most ({@link PoolBounds#MAX_PENDING_MESSAGES}). */
    @WithDefault("50000")
    long maxPendingMessages();

    /** Characters of recipients and contents the pending pool holds at most ({@link PoolBounds#MAX_PENDING_BYTES}). */
    @WithDefault("67108864")
    long maxPendingBytes();

    default PoolBounds bounds() {
        return new PoolBounds(maxPendingMessages(), maxPendingBytes());
    }
}
