package io.podchain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.Block;
import io.podchain.chain.Message;
import io.podchain.chain.SigningKey;
import io.podchain.testing.EmbeddedPostgresResource;
import io.podchain.testing.TestBlocks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class PlannerStatisticsTest {
    private static final SigningKey MINER = TestBlocks.key("planner-statistics-test");
    /** Far above any height another test reaches in this application, whatever ran before. */
    private static final long HIGH = 1L << 40;

    @Inject
    PlannerStatistics statistics;
    @Inject
    ChainStore chain;
    @Inject
    ChainWriter writer;
    @Inject
    EntityManager em;

    @Test
    void analysesFromTheMinimumHeightAndAgainEachTimeTheChainHasDoubled() {
        assertThat(statistics.refreshIfDue(PlannerStatistics.MIN_HEIGHT - 1)).isFalse();

        Block tip = chain.block(chain.summary().tip().hash()).orElseThrow().block();
        long now = Math.max(System.currentTimeMillis(), tip.header().timestamp() + 1);
        Block next = TestBlocks.mine(tip.header(), chain.nextBlock().difficulty(), now,
                List.of(Message.sign(MINER, "statistics", "one more row to count", now)), MINER);
        assertThat(writer.apply(next, null).accepted()).isTrue();
        assertThat(estimatedRows()).as("not analysed since the new row").isNotEqualTo(rows());

        assertThat(statistics.refreshIfDue(HIGH)).isTrue();
        assertThat(estimatedRows()).as("ANALYZE counts a small table exactly").isEqualTo(rows());
        assertThat(statistics.refreshIfDue(2 * HIGH - 1)).isFalse();
        assertThat(statistics.refreshIfDue(2 * HIGH)).isTrue();
    }

    /** The planner's row count for block_message: -1 until the table is first analysed. */
    private long estimatedRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select reltuples from pg_class where relname = 'block_message'").getSingleResult()).longValue());
    }

    private long rows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from block_message").getSingleResult()).longValue());
    }
}
