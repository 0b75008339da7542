package io.podchain.node;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Keeps the embedded PostgreSQL running under the node: when its process has exited (a full disk makes it give up),
 * it is started again every few seconds, with a backoff, until it runs; the node's pool reconnects by itself and
 * readiness follows the database as ever. Liveness stays up while a restart may still succeed and fails, with the
 * reason, once the server has been down longer than {@code podchain.embedded-database.max-down-time}, so that the
 * orchestrator restarts the node. With an external database there is nothing to watch and this check is always up.
 */
@Liveness
@ApplicationScoped
public class EmbeddedDatabaseWatch implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseWatch.class);
    /** The first retry comes at once; each failure doubles the wait, up to this (the log says each failure). */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY_WAIT = Duration.ofSeconds(1);

    private final EmbeddedDatabaseConfig config;
    private final Clock clock;
    private volatile Instant downSince;
    private volatile Instant nextAttempt = Instant.MIN;
    private volatile Duration retryWait = FIRST_RETRY_WAIT;
    private volatile String lastFailure = "";
    private volatile int failedRestarts;

    EmbeddedDatabaseWatch(EmbeddedDatabaseConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watch() {
        EmbeddedDatabase.started().ifPresent(this::watch);
    }

    private void watch(EmbeddedDatabase database) {
        if (database.isRunning()) {
            return;
        }
        Instant now = clock.instant();
        if (downSince == null) {
            downSince = now;
            LOG.warnf("The embedded PostgreSQL has stopped (a full disk makes it exit); restarting it");
        }
        if (now.isBefore(nextAttempt)) {
            return;
        }
        try {
            database.restart();
            LOG.infof("The embedded PostgreSQL is back after %d s and %d failed restarts",
                    Duration.between(downSince, clock.instant()).toSeconds(), failedRestarts);
            downSince = null;
            failedRestarts = 0;
            retryWait = FIRST_RETRY_WAIT;
            nextAttempt = Instant.MIN;
            lastFailure = "";
        } catch (Exception e) {
            failedRestarts++;
            lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            nextAttempt = clock.instant().plus(retryWait);
            LOG.warnf("The embedded PostgreSQL could not be restarted (%s); next try in %d s", lastFailure,
                    retryWait.toSeconds());
            retryWait = retryWait.multipliedBy(2).compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT
                    : retryWait.multipliedBy(2);
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("podchain-embedded-database");
        Instant since = downSince;
        if (since == null) {
            return response.up().build();
        }
        Duration down = Duration.between(since, clock.instant());
        response.withData("downSince", since.toString()).withData("failedRestarts", failedRestarts)
                .withData("lastFailure", lastFailure);
        return down.compareTo(config.maxDownTime()) <= 0 ? response.up().build() : response.down().build();
    }
}
