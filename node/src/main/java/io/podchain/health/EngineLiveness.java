package io.podchain.health;

import io.podchain.sync.SyncService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only when the engine that discovers peers, pings them and drives sync stopped ticking: a restart fixes that.
 * A node that is behind but progressing is alive (its engine ticks); killing it would only restart the sync.
 */
@Liveness
@ApplicationScoped
public class EngineLiveness implements HealthCheck {
    private final SyncService sync;
    private final LivenessConfig config;
    private final Clock clock;

    EngineLiveness(SyncService sync, LivenessConfig config, Clock clock) {
        this.sync = sync;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Instant last = sync.lastTick();
        Duration age = Duration.between(last, clock.instant());
        return HealthCheckResponse.named("podchain-engine").status(age.compareTo(config.maxTickAge()) <= 0)
                .withData("lastTick", last.toString()).withData("secondsSinceTick", age.toSeconds()).build();
    }
}
