package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.podchain.chain.Hash;
import io.podchain.testing.TestBlocks;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer's received messages wait in order, handled at its rate (an honest burst waits, it is not dropped), and
 * only up to its own bounds and the node's ({@link P2pLimits#MAX_INBOX_MESSAGES}, {@link P2pLimits#MAX_INBOX_CHARS},
 * {@link P2pLimits#MAX_NODE_INBOX_CHARS}), each tested at its edge.
 */
class PeerInboxTest {
    /** Holds the drain task instead of running it, so the test decides when the worker catches up. */
    private static final class HeldExecutor implements Executor {
        final Queue<Runnable> held = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable command) {
            held.add(command);
        }

        void runAll() {
            for (Runnable task; (task = held.poll()) != null; ) {
                task.run();
            }
        }
    }

    private final HeldExecutor worker = new HeldExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Integer> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private Peer peer(TrafficBudget budget) {
        return new Peer(null, Peer.Direction.INBOUND, "10.0.0.1:1", "10.0.0.1", null,
                new PeerShared(new ProtocolCodec(), budget, TestScheduler.of(worker, timer)), Instant.EPOCH);
    }

    private PeerInbox.Refused submit(Peer peer, int n, long chars) {
        return peer.submitMessage(() -> handled.add(n), chars);
    }

    private Peer proven(TrafficBudget budget) {
        Peer peer = peer(budget);
        peer.markReady(TestBlocks.key("inbox").publicKey(), "10.0.0.1:1");
        return peer;
    }

    @Test
    void anUnprovenConnectionHoldsItsHandshakeAndOneMessageAtMost() {
        Peer peer = peer(new TrafficBudget());
        assertThat(peer.expectsHandshakeMessage()).isTrue();
        assertThat(submit(peer, 1, P2pLimits.MAX_HANDSHAKE_MESSAGE_CHARS)).isEqualTo(PeerInbox.Refused.NONE);
        assertThat(submit(peer, 2, P2pLimits.MAX_HANDSHAKE_MESSAGE_CHARS)).isEqualTo(PeerInbox.Refused.NONE);
        assertThat(peer.expectsHandshakeMessage()).as("HELLO and AUTH are in").isFalse();
        assertThat(submit(peer, 3, P2pLimits.MAX_TRANSPORT_MESSAGE_CHARS + 1)).isEqualTo(PeerInbox.Refused.PEER_INBOX_FULL);
        assertThat(submit(peer, 4, P2pLimits.MAX_TRANSPORT_MESSAGE_CHARS)).isEqualTo(PeerInbox.Refused.NONE);
        assertThat(submit(peer, 5, 1)).isEqualTo(PeerInbox.Refused.PEER_INBOX_FULL);
    }

    @Test
    void charactersWaitingForOnePeerAreBoundedAtTheEdge() {
        Peer peer = proven(new TrafficBudget());
        long large = P2pLimits.MAX_MESSAGE_CHARS;
        long rest = P2pLimits.MAX_INBOX_CHARS - 2 * large;
        assertThat(submit(peer, 1, large)).isEqualTo(PeerInbox.Refused.NONE);
        assertThat(submit(peer, 2, large)).isEqualTo(PeerInbox.Refused.NONE);
        assertThat(submit(peer, 3, rest + 1)).as("one character over").isEqualTo(PeerInbox.Refused.PEER_INBOX_FULL);
        assertThat(submit(peer, 4, rest)).as("exactly the bound").isEqualTo(PeerInbox.Refused.NONE);
        peer.submit(() -> handled.add(5));
        worker.runAll();
        assertThat(handled).as("in order, our own bookkeeping always fits").containsExactly(1, 2, 4, 5);
        assertThat(submit(peer, 6, large)).as("room again once handled").isEqualTo(PeerInbox.Refused.NONE);
    }

    @Test
    void messagesWaitingForOnePeerAreBoundedInNumberAtTheEdge() {
        Peer peer = proven(new TrafficBudget());
        for (int i = 0; i < P2pLimits.MAX_INBOX_MESSAGES; i++) {
            assertThat(submit(peer, i, 1)).isEqualTo(PeerInbox.Refused.NONE);
        }
        assertThat(submit(peer, -1, 1)).isEqualTo(PeerInbox.Refused.PEER_INBOX_FULL);
    }

    @Test
    void allPeersTogetherAreBoundedByTheNodesBudgetAndGetItBackWhenHandled() {
        TrafficBudget budget = new TrafficBudget(100, P2pLimits.MAX_MESSAGE_CHARS);
        Peer first = proven(budget);
        Peer second = proven(budget);
        assertThat(submit(first, 1, 60)).isEqualTo(PeerInbox.Refused.NONE);
        assertThat(submit(second, 2, 41)).isEqualTo(PeerInbox.Refused.NODE_INBOX_FULL);
        assertThat(submit(second, 3, 40)).isEqualTo(PeerInbox.Refused.NONE);
        assertThat(budget.inboxChars()).isEqualTo(100);
        worker.runAll();
        assertThat(budget.inboxChars()).isZero();
        assertThat(submit(second, 4, 100)).isEqualTo(PeerInbox.Refused.NONE);
    }

    @Test
    void aBurstBeyondTheRateWaitsAndIsHandledInOrderNeitherDroppedNorRefused() {
        Peer peer = proven(new TrafficBudget());
        int burst = P2pLimits.RATE_LIMIT_BURST + 50;
        for (int i = 0; i < burst; i++) {
            assertThat(submit(peer, i, 10)).isEqualTo(PeerInbox.Refused.NONE);
        }
        worker.runAll();
        assertThat(handled).as("the burst allowance at once, the rest waits for tokens")
                .hasSizeLessThan(burst).hasSizeGreaterThanOrEqualTo(P2pLimits.RATE_LIMIT_BURST);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            worker.runAll();
            return handled.size() == burst;
        });
        assertThat(handled).isSorted();
    }

    @Test
    void aPingIsOverdueJustPastTheTimeoutAndNotOnceAnswered() {
        Peer peer = proven(new TrafficBudget());
        Duration timeout = P2pLimits.PING_TIMEOUT;
        assertThat(peer.pingOverdue(timeout.toNanos() + 1, timeout)).as("no PING sent").isFalse();
        assertThat(peer.roundTrips().start(7, 1)).isTrue();
        assertThat(peer.roundTrips().start(8, 2)).as("one PING at a time").isFalse();
        assertThat(peer.pingOverdue(timeout.toNanos() + 1, timeout)).as("at the edge").isFalse();
        assertThat(peer.pingOverdue(timeout.toNanos() + 2, timeout)).isTrue();
        assertThat(peer.roundTrips().complete(7, timeout.toNanos() + 3)).isTrue();
        assertThat(peer.pingOverdue(timeout.toNanos() * 2, timeout)).isFalse();
    }

    @Test
    void messageRequestsOlderThanTheTimeoutAreLeftToOthersOnceAndStillMatchALateAnswer() {
        PeerRequests requests = proven(new TrafficBudget()).requests();
        Hash a = Hash.fromHex("01".repeat(32));
        Hash b = Hash.fromHex("02".repeat(32));
        long timeout = P2pLimits.MESSAGE_REQUEST_TIMEOUT.toNanos();
        assertThat(requests.expectMessages(new LinkedHashSet<>(List.of(a)), 0)).isTrue();
        assertThat(requests.expectMessages(new LinkedHashSet<>(List.of(b)), 1_000)).isTrue();
        assertThat(requests.expireMessageRequests(timeout, P2pLimits.MESSAGE_REQUEST_TIMEOUT)).as("at the edge")
                .isEmpty();
        assertThat(requests.expireMessageRequests(timeout + 1, P2pLimits.MESSAGE_REQUEST_TIMEOUT)).containsExactly(a);
        assertThat(requests.expireMessageRequests(timeout + 1_001, P2pLimits.MESSAGE_REQUEST_TIMEOUT)).as("once each")
                .containsExactly(b);
        assertThat(requests.takeMessageRequest()).as("a late answer still matches its request").containsExactly(a);
        assertThat(requests.takeMessageRequest()).containsExactly(b);
        assertThat(requests.takeMessageRequest()).isNull();
    }

    @Test
    void theNodesOutboundBudgetIsTakenAndReleasedAtTheEdge() {
        TrafficBudget budget = new TrafficBudget(10, 100);
        assertThat(budget.takeOutbound(100)).isTrue();
        assertThat(budget.takeOutbound(1)).isFalse();
        assertThat(budget.outboundHasRoomFor(1)).isFalse();
        budget.releaseOutbound(1);
        assertThat(budget.outboundHasRoomFor(1)).isTrue();
        assertThat(budget.outboundHasRoomFor(2)).isFalse();
        assertThat(budget.outboundChars()).isEqualTo(99);
    }

    /** An inbox whose peer's and node's room for answers the test sets; "not reading" closes it, as Peer does. */
    private final class Paced {
        final AtomicBoolean peerRoom = new AtomicBoolean(true);
        final AtomicBoolean nodeRoom = new AtomicBoolean(true);
        final AtomicBoolean closing = new AtomicBoolean();
        final AtomicInteger notReading = new AtomicInteger();
        final PeerInbox inbox = new PeerInbox(new PeerShared(new ProtocolCodec(), new TrafficBudget(), TestScheduler.of(worker, timer)),
                "paced", closing::get, () -> true, peerRoom::get, nodeRoom::get, () -> {
                    notReading.incrementAndGet();
                    closing.set(true);
                }, NOT_READING);

        void submit(int n) {
            // as the node's handler does: a closing peer's messages are taken and dropped
            assertThat(inbox.submitMessage(() -> {
                if (!closing.get()) {
                    handled.add(n);
                }
            }, 10)).isEqualTo(PeerInbox.Refused.NONE);
        }
    }

    private static final Duration NOT_READING = Duration.ofMillis(300);

    @Test
    void whileAPeerLeavesItsAnswersUnreadItsRequestsWaitAndAreHandledOnceItReads() {
        Paced paced = new Paced();
        paced.submit(1);
        worker.runAll();
        assertThat(handled).containsExactly(1);
        paced.peerRoom.set(false);
        paced.submit(2);
        paced.submit(3);
        worker.runAll();
        assertThat(handled).as("nothing handled, nothing dropped while it does not read").containsExactly(1);
        assertThat(paced.inbox.waitingForPeerToRead()).as("what the ping timeout asks").isTrue();
        paced.peerRoom.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            worker.runAll();
            return handled.size() == 3;
        });
        assertThat(handled).containsExactly(1, 2, 3);
        assertThat(paced.inbox.waitingForPeerToRead()).isFalse();
        assertThat(paced.notReading).hasValue(0);
    }

    @Test
    void aPeerThatReadsNothingForTheTimeoutIsLetGoOnceAndWhatItSentIsDropped() {
        Paced paced = new Paced();
        paced.peerRoom.set(false);
        paced.submit(1);
        paced.submit(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            worker.runAll();
            return paced.notReading.get() == 1 && worker.held.isEmpty();
        });
        assertThat(handled).as("a closing peer's messages are dropped").isEmpty();
        assertThat(paced.notReading).hasValue(1);
    }

    @Test
    void waitingForTheNodesBudgetIsNeverThePeersFault() {
        Paced paced = new Paced();
        paced.nodeRoom.set(false);
        paced.submit(1);
        await().during(NOT_READING.multipliedBy(3)).atMost(Duration.ofSeconds(10)).until(() -> {
            worker.runAll();
            return paced.notReading.get() == 0 && handled.isEmpty() && !paced.inbox.waitingForPeerToRead();
        });
        paced.nodeRoom.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            worker.runAll();
            return handled.size() == 1;
        });
    }
}
