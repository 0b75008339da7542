package io.podchain.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Each client's share of the API, by address ({@link ClientAddress}: behind a trusted proxy, the client it names), before a request reaches a resource: a token bucket of requests per
 * second ({@code podchain.api.client-requests-per-second}, Bucket4j) and a bound on its requests in progress
 * ({@code podchain.api.client-concurrent-requests}; an open event stream counts as one for as long as it is open).
 * Beyond either, {@code 429} problem+json with {@code Retry-After}, answered on the event loop without any work.
 * The node-wide bounds are elsewhere: connections ({@code quarkus.http.limits.max-connections}), reads of the
 * database at once ({@link ApiGuard}), event streams ({@link ApiLimits#MAX_STREAMS}).
 */
@ApplicationScoped
class ClientLimits {
    /** Before the Quarkus REST routes (order 0 and up), so a refused request costs no resource work. */
    private static final int ORDER = -1_000;

    private record Share(Bucket bucket, Semaphore inProgress) {
    }

    private final Cache<String, Share> shares = Caffeine.newBuilder().maximumSize(ApiLimits.MAX_CLIENTS)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final ApiConfig config;
    private final ClientAddress clients;
    private final ObjectMapper json;

    ClientLimits(ApiConfig config, ClientAddress clients, ObjectMapper json) {
        this.config = config;
        this.clients = clients;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(ORDER).handler(this::limit);
    }

    private void limit(RoutingContext request) {
        String client = clients.of(request.request());
        Share share = shares.get(client, k -> new Share(Bucket.builder().addLimit(limit -> limit
                .capacity(2L * config.clientRequestsPerSecond())
                .refillGreedy(config.clientRequestsPerSecond(), Duration.ofSeconds(1))).build(),
                new Semaphore(config.clientConcurrentRequests())));
        ConsumptionProbe probe = share.bucket().tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            refuse(request, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1),
                    "more than " + config.clientRequestsPerSecond() + " requests per second from " + client);
            return;
        }
        if (!share.inProgress().tryAcquire()) {
            refuse(request, 1, "more than " + config.clientConcurrentRequests() + " requests at once from " + client);
            return;
        }
        request.addEndHandler(done -> share.inProgress().release());
        request.next();
    }

    private void refuse(RoutingContext request, long retryAfterSeconds, String detail) {
        refuse(request, json, Problem.of("too-many-requests", "Too many requests", 429, detail), retryAfterSeconds);
    }

    /**
     * Answers with {@code problem} as problem+json and {@code Retry-After}, on the event loop and before any
     * resource work.
     */
    static io.vertx.core.Future<Void> refuse(RoutingContext request, ObjectMapper json, Problem problem,
            long retryAfterSeconds) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serialises", e);
        }
        return request.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Retry-After", Long.toString(retryAfterSeconds)).end(body);
    }
}
