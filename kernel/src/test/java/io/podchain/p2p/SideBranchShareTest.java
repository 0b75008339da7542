package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SideBranchShareTest {

    @Test
    void aPeerHoldsItsLimitAboveTheFinalHeightAndNoMore() {
        SideBranchShare share = new SideBranchShare(P2pLimits.MAX_SIDE_BRANCH_BLOCKS_PER_PEER);
        for (int i = 0; i < P2pLimits.MAX_SIDE_BRANCH_BLOCKS_PER_PEER; i++) {
            assertThat(share.hasRoom(100)).as("block %d", i + 1).isTrue();
            share.stored(101 + i);
        }
        assertThat(share.hasRoom(100)).as("one over the limit").isFalse();
    }

    @Test
    void blocksBuriedBelowTheFinalHeightStopCounting() {
        SideBranchShare share = new SideBranchShare(2);
        share.stored(10);
        share.stored(12);
        assertThat(share.hasRoom(9)).isFalse();
        assertThat(share.hasRoom(10)).as("the block at 10 became final").isTrue();
        share.stored(15);
        assertThat(share.hasRoom(11)).isFalse();
        assertThat(share.hasRoom(15)).as("all final").isTrue();
    }

    @Test
    void noShareMeansNoSideBranches() {
        assertThat(new SideBranchShare(0).hasRoom(Long.MIN_VALUE)).isFalse();
    }
}
