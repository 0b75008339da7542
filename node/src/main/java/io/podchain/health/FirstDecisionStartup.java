package io.podchain.health;

import io.podchain.sync.SyncService;
import io.podchain.sync.SyncState;
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
        SyncState state = sync.state();
        return HealthCheckResponse.named("podchain-first-sync-decision").status(state != SyncState.STARTING)
                .withData("state", state.name()).build();
    }
}
