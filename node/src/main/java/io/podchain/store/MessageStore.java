package io.podchain.store;

import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.PublicKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

/** Messages: the pending pool's table, status and per-party history. */
@ApplicationScoped
public class MessageStore {
    private final EntityManager em;
    private final ChainStore chainStore;
    private final ChainConfig chainConfig;

    MessageStore(EntityManager em, ChainStore chainStore, ChainConfig chainConfig) {
        this.em = em;
        this.chainStore = chainStore;
        this.chainConfig = chainConfig;
    }

    /**
     * Queues, in one statement, those of the messages not yet known (pending, mined or on a side branch), in the
     * given order.
     *
     * @return the ids of those that were new (a mutable set)
     */
    @Transactional
    public Set<Hash> addPendingAll(List<Message> messages) {
        Set<Hash> added = new HashSet<>();
        if (messages.isEmpty()) {
            return added;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(ADD_PENDING)) {
                int n = messages.size();
                String[] ids = new String[n];
                String[] senders = new String[n];
                String[] recipients = new String[n];
                String[] contents = new String[n];
                Long[] createdAt = new Long[n];
                String[] signatures = new String[n];
                for (int i = 0; i < n; i++) {
                    Message m = messages.get(i);
                    ids[i] = m.id().toHex();
                    senders[i] = m.sender().toHex();
                    recipients[i] = m.recipient();
                    contents[i] = m.content();
                    createdAt[i] = m.createdAt();
                    signatures[i] = m.signature().toHex();
                }
                insert.setArray(1, connection.createArrayOf("text", ids));
                insert.setArray(2, connection.createArrayOf("text", senders));
                insert.setArray(3, connection.createArrayOf("text", recipients));
                insert.setArray(4, connection.createArrayOf("text", contents));
                insert.setArray(5, connection.createArrayOf("bigint", createdAt));
                insert.setArray(6, connection.createArrayOf("text", signatures));
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        added.add(Hash.fromHex(rows.getString(1)));
                    }
                }
            }
        });
        return added;
    }

    /**
     * Messages not yet in the table, then their pending rows, in the order given (WITH ORDINALITY): the order of the
     * pool is the order of arrival.
     */
    private static final String ADD_PENDING = "with added as (insert into message (id, sender, recipient, content,"
            + " created_at, signature) select id, sender, recipient, content, created_at, signature from unnest("
            + "cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as bigint[]),"
            + " cast(? as text[])) with ordinality as m(id, sender, recipient, content, created_at, signature, seq)"
            + " order by seq on conflict (id) do nothing returning id)"
            + " insert into pending_message (message_id) select id from added on conflict do nothing"
            + " returning message_id";

    /** Those of the messages that are stored (pending, mined or on a side branch), by id. */
    @Transactional
    public Map<Hash, Message> find(Collection<Hash> ids) {
        Map<Hash, Message> found = new HashMap<>();
        if (!ids.isEmpty()) {
            List<MessageEntity> entities = em.createNativeQuery("select * from message where id"
                    + IdArrays.anyId(1), MessageEntity.class).setParameter(1, IdArrays.hashIds(ids)).getResultList();
            entities.forEach(e -> found.put(Hash.fromHex(e.id.trim()), e.toMessage()));
        }
        return found;
    }

    /** What the pending pool holds: messages and the characters of their recipients and contents. */
    @Transactional
    public PendingLoad pendingTotal() {
        Object[] total = (Object[]) em.createNativeQuery("select count(*), coalesce(sum(length(m.recipient)"
                + " + length(m.content)), 0) from pending_message p join message m on m.id = p.message_id")
                .getSingleResult();
        return new PendingLoad(((Number) total[0]).longValue(), ((Number) total[1]).longValue());
    }

    /** What the pending pool holds from each of {@code senders} (those with nothing pending are left out). */
    @Transactional
    public Map<PublicKey, PendingLoad> pendingBySender(Collection<PublicKey> senders) {
        Map<PublicKey, PendingLoad> bySender = new HashMap<>();
        if (senders.isEmpty()) {
            return bySender;
        }
        List<?> rows = em.createNativeQuery("select m.sender, count(*), sum(length(m.recipient)"
                        + " + length(m.content)) from pending_message p join message m on m.id = p.message_id"
                        + " where m.sender = any(cast(?1 as text[])) group by m.sender")
                .setParameter(1, senders.stream().map(PublicKey::toHex).toArray(String[]::new))
                .getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            bySender.put(PublicKey.fromHex(((String) columns[0]).trim()), new PendingLoad(
                    ((Number) columns[1]).longValue(), ((Number) columns[2]).longValue()));
        }
        return bySender;
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

    /** The ids of pending messages in arrival order, at most {@code limit} (no message rows read). */
    @Transactional
    public List<Hash> pendingIds(int limit) {
        return em.createQuery("select p.messageId from PendingMessageEntity p order by p.queuedSeq", String.class)
                .setMaxResults(limit).getResultList().stream().map(Hash::fromHex).toList();
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
                    Optional.of(Hash.fromHex((String) confirmed.get(0)[0])), Optional.of(height), tipHeight - height + 1,
                    tipHeight - height + 1 > chainConfig.maxForkDepth());
        }
        MessageStatus.State state = PendingMessageEntity.findById(entity.id) != null
                ? MessageStatus.State.PENDING : MessageStatus.State.SIDE_BRANCH;
        return new MessageStatus(message, state, Optional.empty(), Optional.empty(), 0, false);
    }
}
