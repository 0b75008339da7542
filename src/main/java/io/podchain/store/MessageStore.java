package io.podchain.store;

import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Messages: the pending pool's table, status and per-party history. */
@ApplicationScoped
public class MessageStore {
    private final EntityManager em;
    private final ChainStore chainStore;

    MessageStore(EntityManager em, ChainStore chainStore) {
        this.em = em;
        this.chainStore = chainStore;
    }

    /**
     * Queues a message for mining unless it is already known (pending, mined or on a side branch).
     *
     * @return true when it was new
     */
    @Transactional
    public boolean addPending(Message message) {
        if (!chainStore.insertMessage(message)) {
            return false;
        }
        em.createNativeQuery("insert into pending_message (message_id) values (?1) on conflict do nothing")
                .setParameter(1, message.id().toHex()).executeUpdate();
        return true;
    }

    @Transactional
    public long pendingCount() {
        return PendingMessageEntity.count();
    }

    /** Pending messages in arrival order, at most {@code limit}. */
    @Transactional
    public List<Message> pending(int limit) {
        return em.createQuery("select m from PendingMessageEntity p, MessageEntity m where m.id = p.messageId"
                        + " order by p.queuedSeq", MessageEntity.class)
                .setMaxResults(limit).getResultList().stream().map(MessageEntity::toMessage).toList();
    }

    @Transactional
    public Optional<MessageStatus> status(Hash id) {
        MessageEntity entity = MessageEntity.findById(id.toHex());
        return entity == null ? Optional.empty() : Optional.of(statusOf(entity, chainStore.summary().height()));
    }

    /** Messages sent by or to {@code party} (a sender key in hex, or a recipient id), newest first. */
    @Transactional
    public List<MessageStatus> history(String party, int offset, int limit) {
        long tipHeight = chainStore.summary().height();
        List<MessageEntity> entities = MessageEntity.find("sender = ?1 or recipient = ?1 order by createdAt desc, id",
                party).range(offset, offset + limit - 1).list();
        List<MessageStatus> result = new ArrayList<>(entities.size());
        entities.forEach(e -> result.add(statusOf(e, tipHeight)));
        return result;
    }

    @Transactional
    public long historyCount(String party) {
        return MessageEntity.count("sender = ?1 or recipient = ?1", party);
    }

    private MessageStatus statusOf(MessageEntity entity, long tipHeight) {
        Message message = entity.toMessage();
        List<Object[]> confirmed = em.createQuery("select b.hash, b.height from BlockMessageEntity bm, BlockEntity b"
                        + " where b.hash = bm.blockHash and bm.messageId = :id and b.mainChain = true", Object[].class)
                .setParameter("id", entity.id).getResultList();
        if (!confirmed.isEmpty()) {
            long height = (Long) confirmed.get(0)[1];
            return new MessageStatus(message, MessageStatus.State.CONFIRMED,
                    Optional.of(Hash.fromHex((String) confirmed.get(0)[0])), Optional.of(height), tipHeight - height + 1);
        }
        MessageStatus.State state = PendingMessageEntity.findById(entity.id) != null
                ? MessageStatus.State.PENDING : MessageStatus.State.SIDE_BRANCH;
        return new MessageStatus(message, state, Optional.empty(), Optional.empty(), 0);
    }
}
