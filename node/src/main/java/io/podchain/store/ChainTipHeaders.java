package io.podchain.store;

import io.podchain.ledger.ChainTipChanged;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.ChainParams;
import io.podchain.chain.TipHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The main chain's newest headers as of the last commit, in memory ({@link TipHeaders}): a block that arrives can
 * be checked against them before any database read. A plain extension moves the view by one header; anything else
 * (a reorganisation, a page of synced blocks, commits whose events arrive out of order) drops it, to be read again
 * on next use, so a view that lags is replaced by the committed state. A lagging view costs nothing but speed: what
 * it judges is judged again, fully, under the chain lock.
 */
@ApplicationScoped
public class ChainTipHeaders {
    private static final Logger LOG = Logger.getLogger(ChainTipHeaders.class);
    private final EntityManager em;
    private final int capacity;
    private volatile TipHeaders current;

    ChainTipHeaders(EntityManager em, ChainParams params) {
        this.em = em;
        this.capacity = TipHeaders.capacityFor(params);
    }

    /**
     * The view as of the last commit seen, read from the store on first use; empty while the store cannot be read
     * (the view is a shortcut: without it a block is relayed once stored, as before).
     */
    public Optional<TipHeaders> current() {
        TipHeaders view = current;
        if (view == null) {
            try {
                view = read();
            } catch (RuntimeException e) {
                LOG.debugf("The tip's headers could not be read (%s); blocks are relayed once stored", e.toString());
                return Optional.empty();
            }
            current = view;
        }
        return Optional.of(view);
    }

    /** Runs after the commit, on the writer's thread: a failure here must not look like a failed store. */
    void onTipChanged(@Observes ChainTipChanged change) {
        TipHeaders view = current;
        boolean extendsView = view != null && !change.isReorganisation() && change.connected().size() == 1
                && view.tip().hash().equals(change.previousTip());
        if (extendsView) {
            current = view.extendedBy(change.tipBlock().header());
            return;
        }
        current = null; // read again on next use
    }

    /** The newest {@code capacity} main-chain headers, committed. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    TipHeaders read() {
        List<BlockEntity> newestFirst = em.createQuery("select b from BlockEntity b where b.mainChain = true"
                + " order by b.height desc", BlockEntity.class).setMaxResults(capacity).getResultList();
        List<BlockHeader> oldestFirst = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            oldestFirst.add(newestFirst.get(i).toHeader());
        }
        return new TipHeaders(oldestFirst, capacity);
    }
}
