package io.podchain.network;

import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.MessagesAccepted;
import io.podchain.ledger.TipBlockValidated;
import io.podchain.p2p.Network;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * The node's chain and pool events, handed to the protocol as plain calls: the relay and the inventory are told what
 * changed by whoever runs them (here the store's and the pool's CDI events; in the simulator its in-memory chain),
 * so they hold no observer of their own.
 */
@ApplicationScoped
class ChainEvents {
    /**
     * Runs work outside the caller's transaction. A validated block is announced from inside the transaction that
     * stores it; the sends' completions run on the event loop with the context captured at the send, so a
     * propagated transaction was still "active" on those threads when the store committed, and the commit failed
     * (seen under rapid mining in the container stage: "Commit ... invoked while multiple threads active").
     */
    private static final ThreadContext OUTSIDE_TRANSACTIONS = ThreadContext.builder()
            .cleared(ThreadContext.TRANSACTION).propagated(ThreadContext.ALL_REMAINING).unchanged().build();

    private final Network network;

    ChainEvents(Network network) {
        this.network = network;
    }

    void onTipBlockValidated(@Observes TipBlockValidated validated) {
        OUTSIDE_TRANSACTIONS.contextualRunnable(() -> network.tipBlockValidated(validated)).run();
    }

    void onTipChanged(@Observes ChainTipChanged change) {
        network.tipChanged(change);
    }

    void onAccepted(@Observes MessagesAccepted accepted) {
        network.messagesAccepted(accepted);
    }
}
