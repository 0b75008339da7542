package io.podchain.sync;

import io.podchain.chain.Hash;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Which blocks a sync still needs and which of them are asked for, received or applied. The wanted blocks are in
 * chain order: the first {@code received} have arrived and wait to be applied, the next ones are asked for, the rest
 * are not asked for yet. Requests are answered in order; a short answer (the serving peer's page byte limit) leaves a
 * gap, and the requests sent after it are discarded when their answers arrive, so the gap is asked for again. Pure
 * bookkeeping, no I/O: the sync service sends what it says.
 */
final class DownloadPlan {
    private final int blocksPerRequest;
    private final int maxQueuedPages;
    private final Deque<Hash> wanted = new ArrayDeque<>();
    private final Deque<Request> requests = new ArrayDeque<>();
    private int received;
    private int queuedPages;

    private static final class Request {
        final List<Hash> hashes;
        boolean discard;

        Request(List<Hash> hashes) {
            this.hashes = hashes;
        }
    }

    /** What an answer to a GET_BLOCKS was. */
    enum Answer {
        /** To a request of an earlier sync, or to one sent after a gap: dropped. */
        STALE,
        /** No block at all: the peer does not serve what it announced. */
        EMPTY,
        /** A block that was not the next one asked for. */
        NOT_ASKED,
        /** The next blocks, in order: queued to be applied. */
        ACCEPTED
    }

    /**
     * @param blocksPerRequest blocks asked for in one GET_BLOCKS
     * @param maxQueuedPages   pages received and waiting to be applied at most before the next is asked for
     */
    DownloadPlan(int blocksPerRequest, int maxQueuedPages) {
        this.blocksPerRequest = blocksPerRequest;
        this.maxQueuedPages = maxQueuedPages;
    }

    void want(Collection<Hash> hashes) {
        wanted.addAll(hashes);
    }

    int wantedCount() {
        return wanted.size();
    }

    /** The next page to ask for: only when no answer is awaited and few pages wait to be applied. */
    Optional<List<Hash>> nextRequest() {
        if (hasLiveRequest() || queuedPages >= maxQueuedPages || wanted.size() <= received) {
            return Optional.empty();
        }
        List<Hash> page = wanted.stream().skip(received).limit(blocksPerRequest).toList();
        requests.addLast(new Request(page));
        return Optional.of(page);
    }

    boolean hasLiveRequest() {
        return requests.stream().anyMatch(request -> !request.discard);
    }

    /** Matches an answer against the oldest request; an accepted one is a page waiting to be applied. */
    Answer answered(List<Hash> blocks) {
        Request request = requests.pollFirst();
        if (request == null || request.discard) {
            return Answer.STALE;
        }
        if (blocks.isEmpty()) {
            return Answer.EMPTY;
        }
        if (blocks.size() > request.hashes.size()
                || !request.hashes.subList(0, blocks.size()).equals(blocks)) {
            return Answer.NOT_ASKED;
        }
        if (blocks.size() < request.hashes.size()) {
            requests.forEach(later -> later.discard = true);
        }
        received += blocks.size();
        queuedPages++;
        return Answer.ACCEPTED;
    }

    /** The oldest received block was applied. */
    void applied() {
        wanted.removeFirst();
        received--;
    }

    /** A received page was applied whole. */
    void pageApplied() {
        queuedPages--;
    }

    /** Everything wanted has been applied and no answer is outstanding. */
    boolean isDone() {
        return wanted.isEmpty() && requests.isEmpty() && queuedPages == 0;
    }

    void clear() {
        wanted.clear();
        requests.clear();
        received = 0;
        queuedPages = 0;
    }
}
