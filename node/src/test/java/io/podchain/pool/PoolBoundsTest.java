package io.podchain.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.chain.Message;
import io.podchain.chain.PublicKey;
import io.podchain.chain.SigningKey;
import io.podchain.testing.TestBlocks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pending pool's bounds at their edges: in all, per sender, and the node's own messages. */
class PoolBoundsTest {
    private static final SigningKey ALICE = TestBlocks.key("alice");
    private static final SigningKey NODE = TestBlocks.key("node");
    private static final long SHARE = PoolBounds.MAX_PENDING_MESSAGES / PoolBounds.SENDER_SHARE_DIVISOR;

    private static Message from(SigningKey key, String content) {
        return Message.sign(key, "bob", content, 1_000L);
    }

    private static PoolBounds.Usage usage(long messages, long bytes, Map<PublicKey, PoolBounds.Share> bySender) {
        return new PoolBounds.Usage(new PoolBounds.Share(messages, bytes), bySender);
    }

    @Test
    void thePoolTakesMessagesUpToItsCountAndNotOneMore() {
        Message m = from(ALICE, "x");
        assertThat(PoolBounds.DEFAULT.judge(usage(PoolBounds.MAX_PENDING_MESSAGES - 1, 0, Map.of()), List.of(m, m),
                NODE.publicKey())).containsExactly(PoolBounds.Verdict.NONE, PoolBounds.Verdict.POOL_FULL);
    }

    @Test
    void thePoolTakesBytesUpToItsBoundAndNotOneMore() {
        Message m = from(ALICE, "x");
        long size = PoolBounds.bytes(m);
        assertThat(PoolBounds.DEFAULT.judge(usage(0, PoolBounds.MAX_PENDING_BYTES - size, Map.of()), List.of(m),
                NODE.publicKey())).containsExactly(PoolBounds.Verdict.NONE);
        assertThat(PoolBounds.DEFAULT.judge(usage(0, PoolBounds.MAX_PENDING_BYTES - size + 1, Map.of()), List.of(m),
                NODE.publicKey())).containsExactly(PoolBounds.Verdict.POOL_FULL);
    }

    @Test
    void oneSenderGetsAQuarterAndOthersTheRest() {
        Message alice = from(ALICE, "x");
        Message carol = from(TestBlocks.key("carol"), "x");
        PoolBounds.Usage aliceAlmostFull = usage(SHARE - 1, 0,
                Map.of(ALICE.publicKey(), new PoolBounds.Share(SHARE - 1, 0)));
        assertThat(PoolBounds.DEFAULT.judge(aliceAlmostFull, List.of(alice, alice, carol), NODE.publicKey()))
                .containsExactly(PoolBounds.Verdict.NONE, PoolBounds.Verdict.SENDER_FULL, PoolBounds.Verdict.NONE);
        PoolBounds.Usage aliceBytesFull = usage(1, PoolBounds.MAX_PENDING_BYTES / PoolBounds.SENDER_SHARE_DIVISOR,
                Map.of(ALICE.publicKey(), new PoolBounds.Share(1,
                        PoolBounds.MAX_PENDING_BYTES / PoolBounds.SENDER_SHARE_DIVISOR)));
        assertThat(PoolBounds.DEFAULT.judge(aliceBytesFull, List.of(alice), NODE.publicKey()))
                .containsExactly(PoolBounds.Verdict.SENDER_FULL);
    }

    @Test
    void configuredBoundsAreHeldTheSameWayAndTooSmallOnesAreRefused() {
        PoolBounds eight = new PoolBounds(8, 1_000_000);
        Message a = from(ALICE, "x");
        Message c = from(TestBlocks.key("carol"), "y");
        assertThat(eight.judge(usage(1, 0, Map.of(ALICE.publicKey(), new PoolBounds.Share(1, 0))), List.of(a, a, c),
                NODE.publicKey())).containsExactly(PoolBounds.Verdict.NONE, PoolBounds.Verdict.SENDER_FULL,
                        PoolBounds.Verdict.NONE);
        assertThat(eight.judge(usage(7, 0, Map.of()), List.of(c, c), NODE.publicKey()))
                .containsExactly(PoolBounds.Verdict.NONE, PoolBounds.Verdict.POOL_FULL);
        assertThatThrownBy(() -> new PoolBounds(3, 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4");
    }

    @Test
    void theNodesOwnMessagesAreHeldOnlyToThePoolsBound() {
        Message node = from(NODE, "x");
        PoolBounds.Usage nodeHoldsHalf = usage(PoolBounds.MAX_PENDING_MESSAGES / 2, 0,
                Map.of(NODE.publicKey(), new PoolBounds.Share(PoolBounds.MAX_PENDING_MESSAGES / 2, 0)));
        assertThat(PoolBounds.DEFAULT.judge(nodeHoldsHalf, List.of(node), NODE.publicKey()))
                .containsExactly(PoolBounds.Verdict.NONE);
    }
}
