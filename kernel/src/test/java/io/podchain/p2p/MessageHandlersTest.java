package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.noise.NoiseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The table's gates, on a real {@link Peer} with a real channel over a connection without a network: a request is
 * served only while its asker has room to read the answer, an answer only when it was asked for, and a type without
 * an entry gets what the table was told to give it.
 */
class MessageHandlersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T00:00:00Z"), ZoneOffset.UTC);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final FakeConnection connection = new FakeConnection();
    private final SecureChannel theirs = SecureChannel.dialling(Membership.of(Optional.empty()),
            P2pLimits.MIN_PROTOCOL_VERSION, P2pLimits.PROTOCOL_VERSION);
    private final Peer peer;
    private final List<String> handled = new ArrayList<>();
    private final List<String> otherwise = new ArrayList<>();
    private final MessageHandlers table;

    MessageHandlersTest() {
        SecureChannel ours = SecureChannel.answering(Membership.of(Optional.empty()), P2pLimits.MIN_PROTOCOL_VERSION,
                P2pLimits.PROTOCOL_VERSION);
        SecureChannel.Step answer = ours.handshake(theirs.firstFrame());
        theirs.handshake(((SecureChannel.Step.Answer) answer).frame());
        peer = new Peer(connection, Peer.Direction.INBOUND, "10.0.0.1:1", "10.0.0.1", ours,
                new PeerShared(new ProtocolCodec(), new TrafficBudget(), TestScheduler.of(Runnable::run, timer)), Instant.EPOCH);
        PeerDiscipline discipline = new PeerDiscipline(new ConnectedPeers(), new Bans(CLOCK), null, CLOCK,
                new P2pMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), CLOCK));
        table = new MessageHandlers(discipline, (p, m) -> otherwise.add(m.getClass().getSimpleName()))
                .on(ProtocolMessage.Ping.class, (p, m) -> handled.add("PING"))
                .request(ProtocolMessage.GetBlocks.class, (p, m) -> handled.add("GET_BLOCKS"))
                .answer(ProtocolMessage.Headers.class, (p, m) -> handled.add("HEADERS"));
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private int opened;

    /** What the peer was sent last, as the other end reads it (in order: each frame has the next nonce). */
    private String lastSent() throws NoiseException {
        String last = null;
        while (opened < connection.frames.size()) {
            last = theirs.open(connection.frames.get(opened++));
        }
        return last;
    }

    @Test
    void aRequestIsServedWhileItsAskerHasRoomToReadTheAnswer() {
        table.handle(peer, new ProtocolMessage.GetBlocks(List.of()));
        assertThat(handled).containsExactly("GET_BLOCKS");
        assertThat(peer.isClosing()).isFalse();
    }

    @Test
    void aRequestFromAPeerThatLeavesItsAnswersUnreadIsNotServedAndItsSocketIsDropped() {
        connection.stalled = true;
        // one answer of more than half the peer's outbound bound, unread: the largest answer no longer fits
        assertThat(peer.send(new ProtocolMessage.Blocks(List.of("ab".repeat(P2pLimits.MAX_MESSAGE_CHARS / 2
                + 1_000))))).isTrue();
        table.handle(peer, new ProtocolMessage.GetBlocks(List.of()));
        assertThat(handled).isEmpty();
        assertThat(peer.isClosing()).isTrue();
        assertThat(connection.aborted).as("the socket, not a close frame behind the unread data").isTrue();
    }

    @Test
    void anAnswerNobodyAskedForCostsItsSenderAndIsNotHandled() throws Exception {
        table.handle(peer, new ProtocolMessage.Headers(List.of()));
        assertThat(handled).isEmpty();
        assertThat(lastSent()).contains("\"REJECT\"").contains("UNSOLICITED").contains("HEADERS that was not asked for");
        assertThat(peer.isClosing()).as("before a proof, a broken rule ends the connection").isTrue();
    }

    @Test
    void anAnswerIsTakenOncePerRequest() throws Exception {
        peer.send(new ProtocolMessage.GetHeaders(List.of(), "00".repeat(32)));
        table.handle(peer, new ProtocolMessage.Headers(List.of()));
        assertThat(handled).containsExactly("HEADERS");
        table.handle(peer, new ProtocolMessage.Headers(List.of()));
        assertThat(handled).as("a second answer to one request").containsExactly("HEADERS");
        assertThat(lastSent()).contains("UNSOLICITED");
    }

    @Test
    void aTypeWithoutAnEntryGetsWhatTheTableWasToldToGiveIt() {
        table.handle(peer, new ProtocolMessage.Pong(1));
        table.handle(peer, new ProtocolMessage.Ping(1));
        assertThat(otherwise).containsExactly("Pong");
        assertThat(handled).containsExactly("PING");
    }

    @Test
    void aTypeIsRegisteredOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.on(ProtocolMessage.Ping.class, (p, m) -> {
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("two handlers for Ping");
    }
}
