package io.podchain.pool;

import io.podchain.chain.Message;
import io.podchain.chain.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much the pending pool may hold, and which of a batch of new messages fit: at most {@code maxMessages}
 * messages and {@code maxBytes} of content in all, and at most a quarter of either from one sender (the node's own
 * key excepted: its messages are the operator's). Pure: given what the pool holds, it decides; the writer tells it
 * what the pool holds.
 *
 * @param maxMessages messages the pool holds at most ({@link #MAX_PENDING_MESSAGES} unless configured)
 * @param maxBytes    characters of recipients and contents the pool holds at most ({@link #MAX_PENDING_BYTES})
 */
public record PoolBounds(long maxMessages, long maxBytes) {
    /** Ten full blocks at the default 5,000 messages: twenty seconds of the highest measured rate. */
    public static final long MAX_PENDING_MESSAGES = 50_000;
    /** Recipients and contents: at the 4 KiB maximum content, ~15,000 messages; the pool is the database's disk. */
    public static final long MAX_PENDING_BYTES = 64L * 1024 * 1024;
    public static final PoolBounds DEFAULT = new PoolBounds(MAX_PENDING_MESSAGES, MAX_PENDING_BYTES);
    /** One sender's share: one key (or one client) cannot fill the pool against everyone else. */
    public static final int SENDER_SHARE_DIVISOR = 4;

    /** Messages and their bytes. */
    public record Share(long messages, long bytes) {
        public static final Share NONE = new Share(0, 0);

        Share plus(long size) {
            return new Share(messages + 1, bytes + size);
        }

        /** This share with {@code added} messages more. */
        public Share plus(List<Message> added) {
            return new Share(messages + added.size(), bytes + added.stream().mapToLong(PoolBounds::bytes).sum());
        }
    }

    /** What the pool holds in all, and what the senders a batch is about hold. */
    public record Usage(Share total, Map<PublicKey, Share> bySender) {
    }

    /** Why a message was not admitted; NONE when it was. */
    public enum Verdict {
        NONE, POOL_FULL, SENDER_FULL
    }

    public PoolBounds {
        if (maxMessages < SENDER_SHARE_DIVISOR || maxBytes < SENDER_SHARE_DIVISOR) {
            throw new IllegalArgumentException("the pending pool must hold at least " + SENDER_SHARE_DIVISOR
                    + " messages and bytes (one per sender's share); was " + maxMessages + " and " + maxBytes);
        }
    }

    /** Bytes a message takes in the pool's accounting. */
    public static long bytes(Message message) {
        return message.recipient().length() + (long) message.content().length();
    }

    /** The verdict for each of {@code fresh}, in order, each admitted one counted before the next is judged. */
    public List<Verdict> judge(Usage usage, List<Message> fresh, PublicKey node) {
        Share total = usage.total();
        Map<PublicKey, Share> bySender = new HashMap<>(usage.bySender());
        List<Verdict> verdicts = new ArrayList<>(fresh.size());
        for (Message message : fresh) {
            long size = bytes(message);
            Share sender = bySender.getOrDefault(message.sender(), Share.NONE);
            Verdict verdict;
            if (!fits(total.plus(size), 1)) {
                verdict = Verdict.POOL_FULL;
            } else if (!message.sender().equals(node) && !fits(sender.plus(size), SENDER_SHARE_DIVISOR)) {
                verdict = Verdict.SENDER_FULL;
            } else {
                verdict = Verdict.NONE;
                total = total.plus(size);
                bySender.put(message.sender(), sender.plus(size));
            }
            verdicts.add(verdict);
        }
        return verdicts;
    }

    private boolean fits(Share share, int divisor) {
        return share.messages() <= maxMessages / divisor && share.bytes() <= maxBytes / divisor;
    }
}
