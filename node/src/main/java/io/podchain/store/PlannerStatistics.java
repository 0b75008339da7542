package io.podchain.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/**
 * Keeps PostgreSQL's planner statistics in step with a chain that grows by whole pages. A syncing node adds
 * thousands of rows a second while autovacuum analyses a table at most once a minute; until then the planner knows
 * nothing of the new rows and may hash-join whole tables where one index probe per id would do (a page's duplicate
 * check took 146 ms instead of about one at 20,000 blocks, and grew with the chain). Analysing whenever the stored
 * chain has doubled since the last time keeps the statistics within a factor of two of the truth for a logarithmic
 * number of ANALYZE runs, each of which samples a bounded number of rows.
 */
@ApplicationScoped
public class PlannerStatistics {
    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class);
    /** Below this height the tables are small enough for any plan to be fast: no ANALYZE for the first pages. */
    static final long MIN_HEIGHT = 1_000;

    private final EntityManager em;
    private long analyzedAtHeight;

    PlannerStatistics(EntityManager em) {
        this.em = em;
    }

    /**
     * Analyses {@code block_message} when the chain has reached {@link #MIN_HEIGHT} and doubled since the last time
     * (or since this node started: the first page after a restart analyses once). That table's message-id index is
     * not unique, so without statistics the planner assumes many rows per id; the hash columns are unique, which it
     * knows from their indexes. Runs in its own transaction, after the page's, so the chain's lock is never held for
     * it; a failure is logged and retried with the next page, never the page's failure.
     *
     * @return whether it analysed
     */
    public synchronized boolean refreshIfDue(long height) {
        if (height < MIN_HEIGHT || height < 2 * analyzedAtHeight) {
            return false;
        }
        long started = System.nanoTime();
        try {
            QuarkusTransaction.requiringNew().run(() ->
                    em.createNativeQuery("analyze block_message").executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("Could not refresh the planner statistics at height %d: %s", height, e);
            return false;
        }
        analyzedAtHeight = height;
        LOG.debugf("Planner statistics refreshed at height %d in %d ms", height, (System.nanoTime() - started) / 1_000_000);
        return true;
    }
}
