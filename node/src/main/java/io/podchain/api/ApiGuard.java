package io.podchain.api;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * One SmallRye Fault Tolerance bulkhead for every API read of the database ({@code @ApplyGuard(ApiGuard.READS)}):
 * at most {@link ApiLimits#MAX_CONCURRENT_READS} at once, the next refused at once with {@code 503} and {@code Retry-After}
 * (ProblemMapper). The database pool has 20 connections (Quarkus' default); the API keeps its hands off the rest,
 * so the readiness probe, the chain's writer, sync and the pool's writer always find one, however many clients ask.
 */
@ApplicationScoped
class ApiGuard {
    static final String READS = "api-reads";

    @Produces
    @Identifier(READS)
    Guard reads() {
        return Guard.create().withDescription("API reads of the database").withBulkhead()
                .limit(ApiLimits.MAX_CONCURRENT_READS).done().build();
    }
}
