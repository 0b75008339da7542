package io.podchain.pool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.podchain.chain.Hash;
import io.podchain.chain.VerifiedSignatures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * This node's {@link VerifiedSignatures}: shared by the pool and block validation, so each message's signature is
 * verified once per node (when it enters the pool) rather than again in every block that carries it. Bounded by
 * Caffeine's size-based eviction (frequency-aware, so the ids of messages waiting in the pool outlive one-off
 * entries); a forgotten id only costs one more verification.
 */
@Singleton
@Unremovable
public class SignatureCache implements VerifiedSignatures {
    /**
     * Ids remembered: the pending pool at the highest tested rate (about a minute of messages at 1,000/s) plus the
     * blocks a node still receives for them; about 150 bytes each, so ~10 MB of heap at most (Bitcoin Core's
     * default signature cache is 32 MB).
     */
    public static final int MAX_ENTRIES = 65_536;

    private final Cache<Hash, Boolean> verified = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final Counter hits;
    private final Counter misses;

    SignatureCache(MeterRegistry registry) {
        hits = Counter.builder("podchain.signature.cache").tag("result", "hit")
                .description("message signatures looked up in the cache: found (no verification needed) or not")
                .register(registry);
        misses = Counter.builder("podchain.signature.cache").tag("result", "miss")
                .description("message signatures looked up in the cache: found (no verification needed) or not")
                .register(registry);
    }

    @Override
    public boolean contains(Hash messageId) {
        boolean known = verified.getIfPresent(messageId) != null;
        (known ? hits : misses).increment();
        return known;
    }

    @Override
    public void add(Hash messageId) {
        verified.put(messageId, Boolean.TRUE);
    }

    /** Entries held now (approximately, eviction runs in the background). */
    public long size() {
        return verified.estimatedSize();
    }
}
