package io.podchain.pool;

import io.podchain.ledger.PoolBusyException;

import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.Message;
import io.podchain.chain.MessageValidator;
import io.podchain.chain.Violation;
import io.podchain.identity.NodeIdentity;
import io.podchain.store.MessageStatus;
import io.podchain.store.MessageStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gate to the pending pool: every message is checked here (its signature once per node: the verdict is kept in
 * the {@link SignatureCache} for the blocks that will carry it) and stored by the {@link AdmissionQueue} in batches.
 */
@ApplicationScoped
public class MessagePool {
    /** A submitter waits this long for its batch to commit before being told to retry (a stalled database). */
    static final Duration MAX_ADMISSION_WAIT = Duration.ofSeconds(10);

    private final MessageStore store;
    private final NodeIdentity identity;
    private final Clock clock;
    private final SignatureCache signatures;
    private final AdmissionQueue admission;

    MessagePool(MessageStore store, NodeIdentity identity, Clock clock, SignatureCache signatures,
            AdmissionQueue admission) {
        this.store = store;
        this.identity = identity;
        this.clock = clock;
        this.signatures = signatures;
        this.admission = admission;
    }

    /** The rules a message must meet to enter the pool; empty when it may. */
    public List<Violation> check(Message message) {
        return MessageValidator.check(message, clock.millis() + ConsensusLimits.MAX_FUTURE_DRIFT.toMillis(),
                signatures);
    }

    /**
     * Queues a message that passed {@link #check} (a peer's, whose sender does not wait).
     *
     * @return completes with true when it was new to this node
     * @throws PoolBusyException when the pool's writer is too far behind
     */
    public CompletableFuture<Boolean> admit(Message message) {
        return admission.admit(message);
    }

    /**
     * Admits a signed message and waits until it is stored; a message already known is accepted again without
     * change.
     */
    public MessageStatus submit(Message message) {
        List<Violation> violations = check(message);
        if (!violations.isEmpty()) {
            throw new RejectedException(violations);
        }
        boolean fresh = await(admission.admit(message));
        Optional<MessageStatus> known = fresh ? Optional.empty() : store.status(message.id());
        return known.orElseGet(() -> new MessageStatus(message, MessageStatus.State.PENDING, Optional.empty(),
                Optional.empty(), 0, false));
    }

    /** Signs a message with the node's key, now, and admits it. */
    public MessageStatus submitAsNode(String recipient, String content) {
        return submit(Message.sign(identity.signingKey(), recipient, content, clock.millis()));
    }

    private static boolean await(CompletableFuture<Boolean> stored) {
        try {
            return stored.get(MAX_ADMISSION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolBusyException("interrupted while the message was being stored");
        } catch (TimeoutException e) {
            throw new PoolBusyException("the message was not stored within " + MAX_ADMISSION_WAIT.toSeconds()
                    + " s; it may still be, retry to learn its status");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
