package io.podchain.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.Api;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class MetricsTest {

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as("series %s", series).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void chainPeersSyncAndMiningAreExportedForPrometheus() {
        Api.mine();
        long height = Api.height();
        String metrics = Api.management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(value(metrics, "podchain_chain_height")).isEqualTo(height);
        assertThat(value(metrics, "podchain_chain_difficulty")).isEqualTo(Api.difficulty());
        assertThat(value(metrics, "podchain_chain_cumulative_work")).isPositive();
        assertThat(value(metrics, "podchain_mining_hashes_total")).isPositive();
        assertThat(value(metrics, "podchain_sync_state{state=\"IN_SYNC\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "podchain_sync_state{state=\"SYNCING\"}")).isEqualTo(0.0);
        assertThat(value(metrics, "podchain_peers{status=\"ONLINE\"}")).isZero();
        assertThat(value(metrics, "podchain_pending_messages")).isGreaterThanOrEqualTo(0);
        assertThat(value(metrics, "podchain_signature_verifier{verifier=\"libsecp256k1\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "podchain_blocks_rejected_total{reason=\"INSUFFICIENT_WORK\"}")).isZero();
        assertThat(metrics).contains("podchain_blocks_received_total", "podchain_blocks_relayed_total",
                "podchain_reorgs_total", "podchain_reorg_depth_count", "podchain_sync_blocks_total",
                "podchain_block_propagation_seconds_bucket");
    }

    @Test
    void theLastReadinessAnswerIsAMetricForAlerting() {
        int status = Api.management().get("/q/health/ready").then().extract().statusCode();
        String metrics = Api.management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(value(metrics, "podchain_ready")).isEqualTo(status == 200 ? 1.0 : 0.0);
        assertThat(status).as("a lone node without discovery is ready").isEqualTo(200);
    }
}
