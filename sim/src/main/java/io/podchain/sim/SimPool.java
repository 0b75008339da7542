package io.podchain.sim;

import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.MessageValidator;
import io.podchain.chain.Violation;
import io.podchain.p2p.LocalMessages;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A simulated node's messages, what its database holds (they survive a crash): every message it has seen, and the
 * pending ones in the order they came. The rules for a message on its own are the consensus's
 * ({@link MessageValidator}); what is new is handed to {@code accepted} after its "commit", as the node's pool
 * publishes it.
 */
final class SimPool implements LocalMessages {
    private final Clock clock;
    private final Map<Hash, Message> seen = new HashMap<>();
    private final LinkedHashMap<Hash, Message> pending = new LinkedHashMap<>();
    private final Map<Hash, Boolean> confirmed = new HashMap<>();
    private Consumer<List<Message>> accepted = messages -> {
    };

    SimPool(Clock clock) {
        this.clock = clock;
    }

    void onAccepted(Consumer<List<Message>> listener) {
        accepted = listener;
    }

    @Override
    public List<Violation> check(Message message) {
        return MessageValidator.check(message, clock.millis() + ConsensusLimits.MAX_FUTURE_DRIFT.toMillis());
    }

    @Override
    public CompletableFuture<Boolean> admit(Message message) {
        boolean fresh = seen.putIfAbsent(message.id(), message) == null;
        if (fresh && !confirmed.containsKey(message.id())) {
            pending.put(message.id(), message);
            accepted.accept(List.of(message));
        }
        return CompletableFuture.completedFuture(fresh);
    }

    @Override
    public Map<Hash, Message> find(Collection<Hash> ids) {
        Map<Hash, Message> found = new HashMap<>();
        for (Hash id : ids) {
            Message message = seen.get(id);
            if (message != null) {
                found.put(id, message);
            }
        }
        return found;
    }

    void confirmed(Hash id) {
        pending.remove(id);
        confirmed.put(id, Boolean.TRUE);
    }

    void returnToPending(Message message) {
        seen.putIfAbsent(message.id(), message);
        confirmed.remove(message.id());
        pending.putIfAbsent(message.id(), message);
    }

    /** The oldest pending messages, up to {@code max}: what the miner puts in a block. */
    List<Message> oldestPending(int max) {
        List<Message> oldest = new ArrayList<>(Math.min(max, pending.size()));
        for (Message message : pending.values()) {
            if (oldest.size() == max) {
                break;
            }
            oldest.add(message);
        }
        return oldest;
    }

    @Override
    public List<Hash> pendingIds(int max) {
        return pending.keySet().stream().limit(max).toList();
    }

    boolean isPending(Hash id) {
        return pending.containsKey(id);
    }

    int pendingCount() {
        return pending.size();
    }
}
