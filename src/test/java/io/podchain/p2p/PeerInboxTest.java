package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** A peer's received messages wait in order, and only up to {@link P2pLimits#MAX_INBOX_CHARS} of them. */
class PeerInboxTest {
    /** Holds the drain task instead of running it, so the test decides when the worker catches up. */
    private static final class HeldExecutor implements Executor {
        final List<Runnable> held = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            held.add(command);
        }

        void runAll() {
            List<Runnable> now = new ArrayList<>(held);
            held.clear();
            now.forEach(Runnable::run);
        }
    }

    private static Peer peer() {
        return new Peer(null, Peer.Direction.INBOUND, "10.0.0.1:1", "10.0.0.1", new byte[32], new ProtocolCodec(),
                Instant.EPOCH);
    }

    @Test
    void aPeerThatSendsFasterThanItsMessagesAreHandledIsRefusedInsteadOfBufferedFor() {
        Peer peer = peer();
        HeldExecutor worker = new HeldExecutor();
        List<Integer> handled = new ArrayList<>();
        long large = P2pLimits.MAX_MESSAGE_CHARS;
        assertThat(peer.submit(() -> handled.add(1), large, worker)).isTrue();
        assertThat(peer.submit(() -> handled.add(2), large, worker)).isTrue();
        assertThat(peer.submit(() -> handled.add(3), large, worker)).as("over the limit: not queued").isFalse();
        assertThat(peer.submit(() -> handled.add(4), 0, worker)).as("our own bookkeeping always fits").isTrue();
        worker.runAll();
        assertThat(handled).containsExactly(1, 2, 4);
        assertThat(peer.submit(() -> handled.add(5), large, worker)).as("room again once handled").isTrue();
        worker.runAll();
        assertThat(handled).containsExactly(1, 2, 4, 5);
    }
}
