package io.podchain.health;

import io.podchain.sync.SyncService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once migrations ran (the application is up) and the node made its first sync decision. */
@Startup
@ApplicationScoped
public class FirstDecisionStartup implements HealthCheck {
    private final SyncService sync;

    FirstDecisionStartup(SyncService sync) {
        this.sync = sync;
    }

    @Override
    public HealthCheckResponse call() {
        SyncService.State state = sync.state();
        return HealthCheckResponse.named("podchain-first-sync-decision").status(state != SyncService.State.STARTING)
                .withData("state", state.name()).build();
    }
}
