package io.podchain.p2p;

import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.Violation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Our pending and stored messages, as the message inventory needs them: the pool's rules for a peer's message, the
 * pool to queue it for, and the messages to answer a request with. The node's is {@link PooledMessages}; the
 * inventory's unit tests keep them in memory.
 */
public interface LocalMessages {
    /** The pool's rules broken by {@code message} on its own (signature, size, time): empty when it may be queued. */
    List<Violation> check(Message message);

    /**
     * Queues a checked message for the pool; completes when it is committed (true when it was new), or exceptionally
     * when it was refused.
     *
     * @throws io.podchain.ledger.PoolBusyException when the pool's queue is full: the message is not taken
     */
    CompletableFuture<Boolean> admit(Message message);

    /** Those of {@code ids} we hold, pending or confirmed. */
    Map<Hash, Message> find(Collection<Hash> ids);

    /** The ids of our pending messages, oldest first, at most {@code max}. */
    List<Hash> pendingIds(int max);
}
