package io.podchain.store;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.ChainParams;
import io.podchain.chain.TipHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * The main chain's newest headers as of the last commit, in memory ({@link TipHeaders}): a block that arrives can
 * be checked against them before any database read. A plain extension moves the view by one header; anything else
 * (a reorganisation, a page of synced blocks, commits whose events arrive out of order) reads it again, so a view
 * that lags is replaced by the committed state at the next change. A lagging view costs nothing but speed: what
 * it judges is judged again, fully, under the chain lock.
 */
@ApplicationScoped
public class ChainTipHeaders {
    private final EntityManager em;
    private final int capacity;
    private volatile TipHeaders current;

    ChainTipHeaders(EntityManager em, ChainParams params) {
        this.em = em;
        this.capacity = TipHeaders.capacityFor(params);
    }

    /** The view as of the last commit seen (read from the store on first use). */
    public TipHeaders current() {
        TipHeaders view = current;
        if (view == null) {
            view = read();
            current = view;
        }
        return view;
    }

    void onTipChanged(@Observes ChainTipChanged change) {
        TipHeaders view = current;
        boolean extendsView = view != null && !change.isReorganisation() && change.connected().size() == 1
                && view.tip().hash().equals(change.previousTip());
        current = extendsView ? view.extendedBy(change.tipBlock().header()) : read();
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
