package io.podchain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.ChainParams;
import io.podchain.chain.Genesis;
import io.podchain.chain.Hash;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.SigningKey;
import io.podchain.testing.TestBlocks;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NonceSearchTest {
    private static final SigningKey MINER = TestBlocks.key("nonce-search");

    private static BlockHeader template(int difficulty) {
        return BlockHeader.signed(ConsensusLimits.BLOCK_VERSION, 1,
                Genesis.create(ChainParams.defaults("nonce-test")).hash(), Hash.ZERO, Genesis.TIMESTAMP + 1, difficulty,
                MINER);
    }

    @Test
    void threadsTogetherFindANonceThatMeetsTheDifficulty() {
        try (NonceSearch search = new NonceSearch(2)) {
            BlockHeader template = template(14);
            BlockHeader solved = search.search(template, () -> false).orElseThrow();
            assertThat(ProofOfWork.meets(solved.hash(), 14)).isTrue();
            assertThat(solved.withNonce(0)).isEqualTo(template);
            assertThat(search.hashesTried()).isPositive();
        }
    }

    @Test
    void theSearchIsAbandonedAsSoonAsItIsCancelled() {
        try (NonceSearch search = new NonceSearch(2)) {
            AtomicBoolean tipMoved = new AtomicBoolean();
            // 200 leading zero bits: never found, so only cancellation can end this search
            CompletableFuture<Optional<BlockHeader>> running =
                    CompletableFuture.supplyAsync(() -> search.search(template(200), tipMoved::get));
            await().atMost(Duration.ofSeconds(30)).until(() -> search.hashesTried() > 0);
            assertThat(running).isNotDone();
            tipMoved.set(true);
            await().atMost(Duration.ofSeconds(30)).until(running::isDone);
            assertThat(running.join()).isEmpty();
        }
    }

    @Test
    void aThreadWithAShareOfTheCpuStillFindsANonceAndTheShareIsChecked() {
        try (NonceSearch search = new NonceSearch(1, 0.25)) {
            BlockHeader solved = search.search(template(12), () -> false).orElseThrow();
            assertThat(ProofOfWork.meets(solved.hash(), 12)).isTrue();
        }
        for (double share : new double[] {0, -0.1, 1.01, Double.NaN}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NonceSearch(1, share))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu-share");
        }
    }
}
