package io.podchain.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.podchain.sync.SyncService;
import io.podchain.sync.SyncState;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the database answers, the node is in sync within the allowed lag of what its peers proved, and it has
 * enough peers; a node that is fetching a chain it verified to be ahead (SYNCING) is not, unless it was in sync less
 * than the grace period ago.
 */
@Readiness
@ApplicationScoped
@Startup // its metric exists from the start, at 0 until the first probe passes: a scrape before it sees "not ready"
public class SyncReadiness implements HealthCheck {
    private final SyncService sync;
    private final ReadinessConfig config;
    private final PeerQuorum quorum;
    private final Clock clock;
    /** The last answer given to the probe, as a metric: alerting sees what the kubelet saw. */
    private final AtomicInteger ready = new AtomicInteger();
    private volatile Instant lastInSync;

    SyncReadiness(SyncService sync, ReadinessConfig config, PeerQuorum quorum, Clock clock, MeterRegistry registry) {
        this.sync = sync;
        this.config = config;
        this.quorum = quorum;
        this.clock = clock;
        Gauge.builder("podchain.ready", ready, AtomicInteger::get)
                .description("1 when the last readiness check passed, 0 when it failed").register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse response = check();
        ready.set(response.getStatus() == HealthCheckResponse.Status.UP ? 1 : 0);
        return response;
    }

    private HealthCheckResponse check() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("podchain-sync");
        SyncService.Status status;
        try {
            status = sync.status(); // reads the chain: a failure here is the database
        } catch (RuntimeException e) {
            return response.down().withData("failing", "database").withData("error", e.getClass().getSimpleName())
                    .build();
        }
        long behind = Math.max(0, status.bestPeerHeight() - status.height());
        int minPeers = quorum.minPeers();
        response.withData("state", status.state().name()).withData("height", status.height())
                .withData("bestPeerHeight", status.bestPeerHeight()).withData("blocksBehind", behind)
                .withData("peers", status.peers()).withData("minPeers", minPeers);
        Instant now = clock.instant();
        boolean following = status.state() == SyncState.IN_SYNC || status.state() == SyncState.SYNCING;
        if (!following) {
            return response.down().withData("failing", "sync-state").build();
        }
        if (status.peers() < minPeers) {
            return response.down().withData("failing", "peers").build();
        }
        // half the peers or more proved a heavier branch that forks below our final history: a split the operator
        // must see (the node stays on its chain; which side is right is not the node's to guess)
        if (status.conflictingPeers() > 0 && 2 * status.conflictingPeers() >= status.peers()) {
            return response.down().withData("failing", "conflicting-final-history")
                    .withData("conflictingPeers", status.conflictingPeers()).build();
        }
        // SYNCING means a peer claimed a better chain and the node is asking for it. For a node that has been in
        // sync, only what it verified counts (behind is measured to the best *verified* peer height): a claim makes
        // it ask, never unready, however many peers lie one after another. A node never in sync is behind until it
        // has settled (a fresh node has checked none of its peers' headers yet). A node shown to be behind stays
        // ready through the grace period, so a short catch-up changes nothing.
        boolean caughtUp = behind <= config.maxBlocksBehind();
        if (caughtUp && (status.state() == SyncState.IN_SYNC || lastInSync != null)) {
            lastInSync = now;
            return response.up().build();
        }
        Instant since = lastInSync;
        if (since != null && now.isBefore(since.plus(config.grace()))) {
            return response.up().withData("behindSince", since.toString()).build();
        }
        return response.down().withData("failing", status.state() == SyncState.SYNCING ? "syncing"
                : "blocks-behind").build();
    }
}
