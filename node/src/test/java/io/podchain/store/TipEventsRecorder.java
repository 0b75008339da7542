package io.podchain.store;

import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.TipBlockValidated;

import io.podchain.chain.Hash;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the store's tip events in order, and whether the block was committed when each was published. */
@ApplicationScoped
public class TipEventsRecorder {
    /** One published event: its kind, its block and whether another transaction could already see that block. */
    public record Recorded(String kind, Hash block, boolean committed) {
    }

    private final List<Recorded> events = new CopyOnWriteArrayList<>();

    @Inject
    ChainStore chain;

    void onValidated(@Observes TipBlockValidated validated) {
        events.add(new Recorded("validated", validated.block().hash(), committed(validated.block().hash())));
    }

    void onTipChanged(@Observes ChainTipChanged change) {
        events.add(new Recorded("tip-changed", change.tip(), committed(change.tip())));
    }

    private boolean committed(Hash hash) {
        return QuarkusTransaction.requiringNew().call(() -> chain.contains(hash));
    }

    public List<Recorded> drain() {
        List<Recorded> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
