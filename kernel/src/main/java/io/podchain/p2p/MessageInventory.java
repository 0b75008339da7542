package io.podchain.p2p;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.Message;
import io.podchain.chain.Violation;
import io.podchain.ledger.MessagesAccepted;
import io.podchain.ledger.PoolBusyException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Pending messages between peers in batches, as Bitcoin's inv/getdata: what enters our pool is announced by id
 * (INV) to every ready peer but the one it came from, gathered over {@link P2pLimits#ANNOUNCE_INTERVAL}; a peer
 * asks (GET_MESSAGES) for the ids it has not seen and gets the messages in one answer (MESSAGES). A message crosses
 * each link once, a few frames carry hundreds of them, and every id a peer sends us was asked for or is penalised.
 */
class MessageInventory {
    private static final Logger LOG = Logger.getLogger(MessageInventory.class);
    /** Marks ids that entered our pool from REST or a block's return to the pool: no peer to leave out. */
    private static final String OURS = "";

    private record Announcement(Hash id, String source) {
    }

    /** Id to the connection it first came from (or {@link #OURS}): each id is fetched once and not sent back. */
    private final SeenCache<Hash, String> seen = new SeenCache<>(P2pLimits.SEEN_MESSAGES_SIZE);
    private final Cache<Hash, Message> recent = Caffeine.newBuilder().maximumSize(P2pLimits.RECENT_MESSAGES).build();
    private final ConcurrentLinkedQueue<Announcement> toAnnounce = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final LocalMessages messages;
    private final ConnectedPeers connected;
    private final PeerDiscipline discipline;
    private final P2pMetrics metrics;
    private final Scheduler scheduler;

    MessageInventory(LocalMessages messages, ConnectedPeers connected, PeerDiscipline discipline,
            P2pMetrics metrics, Scheduler scheduler) {
        this.scheduler = scheduler;
        this.messages = messages;
        this.connected = connected;
        this.discipline = discipline;
        this.metrics = metrics;
    }

    // ---- announcing ----

    /** Runs on the pool's writer thread after each commit: only queues; the scheduler's worker sends. */
    void onAccepted(MessagesAccepted accepted) {
        for (Message message : accepted.messages()) {
            recent.put(message.id(), message);
            seen.add(message.id(), OURS);
            String source = seen.get(message.id());
            toAnnounce.add(new Announcement(message.id(), source == null ? OURS : source));
        }
        if (flushScheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::flush, P2pLimits.ANNOUNCE_INTERVAL);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        List<Announcement> batch = new ArrayList<>();
        for (Announcement a; (a = toAnnounce.poll()) != null; ) {
            batch.add(a);
        }
        if (batch.isEmpty()) {
            return;
        }
        int sent = 0;
        for (Peer peer : connected.ready()) {
            List<String> ids = new ArrayList<>();
            for (Announcement a : batch) {
                if (!a.source().equals(peer.connectionId())) {
                    ids.add(a.id().toHex());
                }
            }
            for (int from = 0; from < ids.size(); from += P2pLimits.MAX_INV_ENTRIES) {
                peer.send(new ProtocolMessage.Inventory(ids.subList(from, Math.min(ids.size(),
                        from + P2pLimits.MAX_INV_ENTRIES))));
            }
            sent += ids.size();
        }
        metrics.messagesAnnounced(sent);
    }

    /**
     * Tells a peer that just became ready the ids of our pending messages (the oldest, at most
     * {@link P2pLimits#MAX_INV_ENTRIES}: one frame), as it would have heard of them had it been connected when they
     * came. Without it a message accepted while this node had no peer (a partition, a crash before the batch was
     * sent, every connection lost) would wait for this node to mine it; it asks what it has not seen, as for any
     * announcement.
     */
    void announcePending(Peer peer) {
        List<Hash> pending = messages.pendingIds(P2pLimits.MAX_INV_ENTRIES);
        if (!pending.isEmpty()) {
            pending.forEach(id -> seen.add(id, OURS));
            peer.send(new ProtocolMessage.Inventory(pending.stream().map(Hash::toHex).toList()));
        }
    }

    // ---- fetching ----

    /** Asks for the announced ids not seen yet, in requests of at most {@link P2pLimits#MAX_MESSAGES_PER_REQUEST}. */
    void onInventory(Peer peer, ProtocolMessage.Inventory inventory) {
        List<Hash> wanted = new ArrayList<>();
        for (String hex : inventory.messages()) {
            Hash id = Hash.fromHex(hex);
            if (seen.add(id, peer.connectionId())) {
                wanted.add(id);
            }
        }
        for (int from = 0; from < wanted.size(); from += P2pLimits.MAX_MESSAGES_PER_REQUEST) {
            Set<Hash> request = new LinkedHashSet<>(wanted.subList(from, Math.min(wanted.size(),
                    from + P2pLimits.MAX_MESSAGES_PER_REQUEST)));
            if (!peer.requests().expectMessages(request, peer.scheduler().nanoTime())) {
                // too many open requests to this peer: whoever announces these next is asked
                wanted.subList(from, wanted.size()).forEach(seen::remove);
                return;
            }
            peer.send(new ProtocolMessage.GetMessages(request.stream().map(Hash::toHex).toList()));
        }
    }

    /**
     * Ids asked of {@code peer} more than {@link P2pLimits#MESSAGE_REQUEST_TIMEOUT} ago and not delivered are
     * forgotten, so that the next peer that announces them is asked: an announcer that never delivers cannot keep a
     * message out of the pool.
     */
    void expireRequests(Peer peer, long nowNanos) {
        peer.requests().expireMessageRequests(nowNanos, P2pLimits.MESSAGE_REQUEST_TIMEOUT).forEach(seen::remove);
    }

    /** Answers with those of the asked messages we have, from memory or else from the database. */
    void onGetMessages(Peer peer, ProtocolMessage.GetMessages request) {
        List<Hash> ids = request.ids().stream().map(Hash::fromHex).toList();
        Map<Hash, Message> found = new HashMap<>();
        List<Hash> missing = new ArrayList<>();
        for (Hash id : ids) {
            Message message = recent.getIfPresent(id);
            if (message == null) {
                missing.add(id);
            } else {
                found.put(id, message);
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(messages.find(missing));
        }
        List<String> answer = new ArrayList<>(found.size());
        for (Hash id : ids) {
            Message message = found.get(id);
            if (message != null) {
                answer.add(Hex.encode(message.canonicalBytes()));
            }
        }
        peer.send(new ProtocolMessage.Messages(answer));
    }

    /**
     * Checks the answer against the oldest open request, each message against the pool's rules, and queues the
     * valid ones for the pool without waiting for their commit. Ids asked and not delivered are forgotten, so the
     * next peer that announces them is asked.
     */
    void onMessages(Peer peer, ProtocolMessage.Messages answer) {
        Set<Hash> asked = peer.requests().takeMessageRequest();
        if (asked == null) {
            discipline.penalize(peer, RejectCode.UNSOLICITED, "MESSAGES that was not asked for");
            return;
        }
        try {
            for (String hex : answer.messages()) {
                Message message = Message.decode(Hex.decode(hex, "message"));
                if (!asked.remove(message.id())) {
                    discipline.penalize(peer, RejectCode.UNSOLICITED, "message " + message.id() + " was not asked for");
                    return;
                }
                List<Violation> violations = messages.check(message);
                if (!violations.isEmpty() && violations.stream().allMatch(v -> v.rule().isTimeDependent())) {
                    // created ahead of our clock: its signer's clock or ours is wrong, nobody broke a rule; it may
                    // be taken when announced again
                    seen.remove(message.id());
                    continue;
                }
                if (!violations.isEmpty()) {
                    discipline.penalize(peer, RejectCode.INVALID_MESSAGE, "message " + message.id() + ": " + violations);
                    return;
                }
                admit(message);
            }
        } finally {
            asked.forEach(seen::remove);
        }
    }

    private void admit(Message message) {
        try {
            messages.admit(message).whenComplete((fresh, failure) -> {
                if (failure != null) {
                    seen.remove(message.id());
                }
            });
        } catch (PoolBusyException e) {
            // our pool is behind: drop it, a later announcement (or the block that carries it) brings it again
            seen.remove(message.id());
            LOG.debugf("Message %s from a peer dropped: %s", message.id(), e.getMessage());
        }
    }
}
