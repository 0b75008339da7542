package io.podchain.store;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Drops side-branch blocks that became final (at or below the tip's height minus the finality depth): they can never
 * be part of the main chain, and keeping them would let the bound on side branches fill up for good.
 */
@ApplicationScoped
class SideBranchPruner {
    private static final Logger LOG = Logger.getLogger(SideBranchPruner.class);
    private final Finality finality;

    SideBranchPruner(Finality finality) {
        this.finality = finality;
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        int dropped = finality.pruneSideBranches();
        if (dropped > 0) {
            LOG.infof("Dropped %d side-branch blocks that became final", Integer.valueOf(dropped));
        }
    }
}
