package io.podchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.junit.jupiter.api.Test;

/**
 * The API's reads at once, at the edge: the bulkhead the resources share lets MAX_CONCURRENT_READS through and
 * refuses the next, and the refusal is a 503 with Retry-After.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ApiGuardTest {
    @Inject
    @Identifier(ApiGuard.READS)
    Guard guard;

    @Test
    void theReadsBulkheadRefusesOneBeyondItsLimitAndTheRefusalIsA503WithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(ApiLimits.MAX_CONCURRENT_READS);
        ExecutorService readers = Executors.newFixedThreadPool(ApiLimits.MAX_CONCURRENT_READS);
        List<Future<String>> held = new ArrayList<>();
        try {
            for (int i = 0; i < ApiLimits.MAX_CONCURRENT_READS; i++) {
                held.add(readers.submit(() -> guard.call(() -> {
                    entered.countDown();
                    release.await();
                    return "read";
                }, String.class)));
            }
            entered.await();
            assertThatThrownBy(() -> guard.call(() -> "one too many", String.class))
                    .isInstanceOf(BulkheadException.class);
            release.countDown();
            for (Future<String> read : held) {
                assertThat(read.get()).isEqualTo("read");
            }
            assertThat(guard.call(() -> "room again", String.class)).isEqualTo("room again");
        } finally {
            release.countDown();
            readers.shutdownNow();
        }
        Response busy = new ProblemMapper(new ObjectMapper()).busy(new BulkheadException("full"));
        assertThat(busy.getStatus()).isEqualTo(503);
        assertThat(busy.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(busy.getMediaType().toString()).isEqualTo("application/problem+json");
    }

    /** A full disk (SQLState 53100) or a database out of memory is the server's passing condition: 503, not 500. */
    @Test
    void aDatabaseOutOfDiskSpaceIsUnavailableNotAnInternalError() {
        ProblemMapper mapper = new ProblemMapper(new ObjectMapper());
        Response full = mapper.unexpected(new RuntimeException("Error executing work",
                new java.sql.SQLException("ERROR: could not extend file: No space left on device", "53100")));
        assertThat(full.getStatus()).isEqualTo(503);
        assertThat(full.getHeaderString("Retry-After")).isNotNull();
        assertThat(full.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(full.getEntity().toString()).contains("database-out-of-resources");
        Response other = mapper.unexpected(new RuntimeException(new java.sql.SQLException("syntax", "42601")));
        assertThat(other.getStatus()).isEqualTo(500);
    }
}
