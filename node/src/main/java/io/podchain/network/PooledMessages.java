package io.podchain.network;

import io.podchain.p2p.LocalMessages;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.Violation;
import io.podchain.pool.MessagePool;
import io.podchain.store.MessageStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The node's messages for the network: the pool's rules and queue, and the database's rows to answer from. */
@ApplicationScoped
class PooledMessages implements LocalMessages {
    private final MessagePool pool;
    private final MessageStore store;

    PooledMessages(MessagePool pool, MessageStore store) {
        this.pool = pool;
        this.store = store;
    }

    @Override
    public List<Violation> check(Message message) {
        return pool.check(message);
    }

    @Override
    public CompletableFuture<Boolean> admit(Message message) {
        return pool.admit(message);
    }

    @Override
    public Map<Hash, Message> find(Collection<Hash> ids) {
        return store.find(ids);
    }

    @Override
    public List<Hash> pendingIds(int max) {
        return store.pendingIds(max);
    }
}
