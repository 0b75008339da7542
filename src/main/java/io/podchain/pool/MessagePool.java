package io.podchain.pool;

import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.Message;
import io.podchain.chain.MessageValidator;
import io.podchain.chain.Violation;
import io.podchain.node.NodeIdentity;
import io.podchain.store.MessageStatus;
import io.podchain.store.MessageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.util.List;

/** The gate to the pending pool. */
@ApplicationScoped
public class MessagePool {
    private final MessageStore store;
    private final NodeIdentity identity;
    private final Clock clock;
    private final Event<MessageAccepted> accepted;

    MessagePool(MessageStore store, NodeIdentity identity, Clock clock, Event<MessageAccepted> accepted) {
        this.store = store;
        this.identity = identity;
        this.clock = clock;
        this.accepted = accepted;
    }

    /** Admits a signed message; a message already known is accepted again without change. */
    public MessageStatus submit(Message message) {
        List<Violation> violations = MessageValidator.check(message,
                clock.millis() + ConsensusLimits.MAX_FUTURE_DRIFT.toMillis());
        if (!violations.isEmpty()) {
            throw new RejectedException(violations);
        }
        if (store.addPending(message)) {
            accepted.fire(new MessageAccepted(message));
        }
        return store.status(message.id()).orElseThrow();
    }

    /** Signs a message with the node's key, now, and admits it. */
    public MessageStatus submitAsNode(String recipient, String content) {
        return submit(Message.sign(identity.signingKey(), recipient, content, clock.millis()));
    }
}
