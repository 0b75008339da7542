package io.podchain.p2p;

import io.podchain.chain.Hash;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What we asked of one peer and wait for: requests counted by the type of their answer (so that an answer nobody
 * asked for is refused) and the ids of each GET_MESSAGES still open (so that a MESSAGES holds only what was asked).
 */
final class PeerRequests {
    /** An open GET_MESSAGES: its ids, when it was sent, and whether its ids were already left to other announcers. */
    private static final class MessageRequest {
        final Set<Hash> ids;
        final long sentNanos;
        boolean expired;

        MessageRequest(Set<Hash> ids, long sentNanos) {
            this.ids = ids;
            this.sentNanos = sentNanos;
        }
    }

    /** Requests sent and not yet answered, by the type of their answer ({@link ProtocolMessage#answeredBy}). */
    private final Map<Class<? extends ProtocolMessage>, AtomicInteger> unanswered = new ConcurrentHashMap<>();
    private final Deque<MessageRequest> messageRequests = new ArrayDeque<>();

    /** {@code message} is on its way: a request now waits for its answer. */
    void sent(ProtocolMessage message) {
        Class<? extends ProtocolMessage> answer = message.answeredBy();
        if (answer != null) {
            unanswered.computeIfAbsent(answer, type -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** True when an answer of this type (HEADERS, BLOCKS) was asked for; counts the request as answered. */
    boolean takeAnswer(ProtocolMessage answer) {
        AtomicInteger outstanding = unanswered.get(answer.getClass());
        return outstanding != null && outstanding.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /**
     * Notes a GET_MESSAGES about to be sent; false, and nothing noted, when
     * {@link P2pLimits#MAX_MESSAGE_REQUESTS_IN_FLIGHT} are unanswered.
     */
    synchronized boolean expectMessages(Set<Hash> ids, long nowNanos) {
        if (messageRequests.size() >= P2pLimits.MAX_MESSAGE_REQUESTS_IN_FLIGHT) {
            return false;
        }
        messageRequests.addLast(new MessageRequest(ids, nowNanos));
        return true;
    }

    /** The ids of the oldest unanswered GET_MESSAGES, which a MESSAGES answers; null when none is open. */
    synchronized Set<Hash> takeMessageRequest() {
        MessageRequest oldest = messageRequests.pollFirst();
        return oldest == null ? null : oldest.ids;
    }

    /**
     * The ids of the open requests older than {@code timeout} that were not reported before: they are left to the
     * next announcer. The requests stay open, so that a late answer still matches its request (and is welcome).
     */
    synchronized List<Hash> expireMessageRequests(long nowNanos, Duration timeout) {
        List<Hash> expired = new ArrayList<>();
        for (MessageRequest request : messageRequests) {
            if (!request.expired && nowNanos - request.sentNanos > timeout.toNanos()) {
                request.expired = true;
                expired.addAll(request.ids);
            }
        }
        return expired;
    }
}
