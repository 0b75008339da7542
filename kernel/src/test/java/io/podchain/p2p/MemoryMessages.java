package io.podchain.p2p;

import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.MessageValidator;
import io.podchain.chain.Violation;
import io.podchain.ledger.PoolBusyException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Our messages in memory, for the inventory without a pool or a database: the consensus rules for a message on its
 * own ({@link MessageValidator}), a pool that keeps what it is given (or is busy), and the messages held to answer.
 */
final class MemoryMessages implements LocalMessages {
    private final Clock clock;
    /** What the pool was given, in order. */
    final List<Message> admitted = new CopyOnWriteArrayList<>();
    /** What the node holds, pending or confirmed, to answer requests from. */
    final Map<Hash, Message> held = new ConcurrentHashMap<>();
    /** When set, the pool refuses with {@link PoolBusyException}, as when its writer is behind. */
    volatile boolean busy;

    MemoryMessages(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<Violation> check(Message message) {
        return MessageValidator.check(message, clock.millis() + ConsensusLimits.MAX_FUTURE_DRIFT.toMillis());
    }

    @Override
    public CompletableFuture<Boolean> admit(Message message) {
        if (busy) {
            throw new PoolBusyException("the pool's writer is behind");
        }
        admitted.add(message);
        return CompletableFuture.completedFuture(held.putIfAbsent(message.id(), message) == null);
    }

    @Override
    public Map<Hash, Message> find(Collection<Hash> ids) {
        Map<Hash, Message> found = new ConcurrentHashMap<>();
        ids.forEach(id -> {
            Message message = held.get(id);
            if (message != null) {
                found.put(id, message);
            }
        });
        return found;
    }

    /** What the pool was given and holds, oldest first (nothing is mined here). */
    @Override
    public List<Hash> pendingIds(int max) {
        return admitted.stream().map(Message::id).distinct().limit(max).toList();
    }
}
