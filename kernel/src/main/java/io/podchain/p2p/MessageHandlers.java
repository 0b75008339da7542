package io.podchain.p2p;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which code handles each type of message, one entry per type, registered in one place (Besu's {@code EthMessages}):
 * adding a message type is a record in {@link ProtocolMessage} and a line where the table is built. The gates are
 * the table's too: a request is served only while its asker has room to read the answer (answers are never built
 * for a peer that does not read), and an answer is taken only when it was asked for.
 */
final class MessageHandlers {

    /** Handles one type of message from a peer. */
    @FunctionalInterface
    interface Handler<M extends ProtocolMessage> {
        void handle(Peer peer, M message);
    }

    private enum Gate {
        /** Handled as it comes. */
        NONE,
        /** A request: its answer is built only when the asker has room for the largest one. */
        ROOM_FOR_ANSWER,
        /** An answer: taken only when a request of ours is waiting for one ({@link PeerRequests#takeAnswer}). */
        ASKED_FOR
    }

    private record Entry<M extends ProtocolMessage>(Class<M> type, Gate gate, Handler<? super M> handler) {
        void handle(Peer peer, ProtocolMessage message) {
            handler.handle(peer, type.cast(message));
        }
    }

    private final PeerDiscipline discipline;
    private final Handler<ProtocolMessage> otherwise;
    private final Map<Class<? extends ProtocolMessage>, Entry<?>> entries = new HashMap<>();

    /**
     * @param otherwise what a message of a type without an entry gets (before a proof: a penalty; the table of
     *                  proven peers has an entry for every type)
     */
    MessageHandlers(PeerDiscipline discipline, Handler<ProtocolMessage> otherwise) {
        this.discipline = discipline;
        this.otherwise = otherwise;
    }

    /** {@code type} is handled as it comes. */
    <M extends ProtocolMessage> MessageHandlers on(Class<M> type, Handler<? super M> handler) {
        return register(new Entry<>(type, Gate.NONE, handler));
    }

    /** {@code type} is a request, served only while the asker reads what it asked for. */
    <M extends ProtocolMessage> MessageHandlers request(Class<M> type, Handler<? super M> handler) {
        return register(new Entry<>(type, Gate.ROOM_FOR_ANSWER, handler));
    }

    /** {@code type} answers a request of ours, and is refused (UNSOLICITED) when none was sent. */
    <M extends ProtocolMessage> MessageHandlers answer(Class<M> type, Handler<? super M> handler) {
        return register(new Entry<>(type, Gate.ASKED_FOR, handler));
    }

    private MessageHandlers register(Entry<?> entry) {
        if (entries.putIfAbsent(entry.type(), entry) != null) {
            throw new IllegalStateException("two handlers for " + entry.type().getSimpleName());
        }
        return this;
    }

    /** The types with an entry. */
    Set<Class<? extends ProtocolMessage>> types() {
        return Set.copyOf(entries.keySet());
    }

    void handle(Peer peer, ProtocolMessage message) {
        Entry<?> entry = entries.get(message.getClass());
        if (entry == null) {
            otherwise.handle(peer, message);
            return;
        }
        switch (entry.gate()) {
            case ROOM_FOR_ANSWER -> {
                if (!peer.hasRoomForAnswer()) {
                    // its earlier answers are unread, or all peers' are: nothing is built; it may ask again later
                    discipline.note(peer, "Disconnecting %s (NOT_READING): no room for an answer", peer);
                    peer.abort();
                    return;
                }
            }
            case ASKED_FOR -> {
                if (!peer.requests().takeAnswer(message)) {
                    discipline.penalize(peer, RejectCode.UNSOLICITED,
                            message.getClass().getSimpleName().toUpperCase() + " that was not asked for");
                    return;
                }
            }
            case NONE -> {
                // handled as it comes
            }
        }
        entry.handle(peer, message);
    }
}
