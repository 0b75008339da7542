package io.podchain.node;

import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.pool.SignatureCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Turns configuration into the consensus objects of {@code chain}. */
@ApplicationScoped
public class Consensus {
    @Produces
    @Singleton
    ChainParams chainParams(ConsensusConfig config) {
        return new ChainParams(config.id(), config.initialDifficulty(), config.minDifficulty(),
                config.retargetInterval(), config.targetBlockTime(), config.maxBlockMessages(), config.maxBlockBytes());
    }

    @Produces
    @Singleton
    BlockValidator blockValidator(ChainParams params, Clock clock, SignatureCache signatures) {
        return new BlockValidator(params, clock::millis, signatures);
    }
}
