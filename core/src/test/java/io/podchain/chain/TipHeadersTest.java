package io.podchain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.testing.Gen;
import io.podchain.testing.InMemoryChain;
import io.podchain.testing.TestBlocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-memory view a block is checked against before it is relayed judges a child of the tip exactly as the
 * validator does with the whole chain: the same rules broken, the same header passing, across retargets and at the
 * start of the chain; it answers for its tip only and keeps no more than its capacity.
 */
class TipHeadersTest {
    /** Retargets every 4 blocks, so that chains of a few dozen blocks cross several retargets. */
    private static final ChainParams PARAMS = new ChainParams("tip-headers-test", 4, 1, 4, Duration.ofSeconds(10));
    private static final SigningKey MINER = TestBlocks.key("tip-miner");
    private static final Block GENESIS = Genesis.create(PARAMS);
    private static final BlockValidator VALIDATOR = new BlockValidator(PARAMS,
            () -> Genesis.TIMESTAMP + Duration.ofDays(365).toMillis());

    /** A valid chain after genesis (genesis first), block times drawn around the target; {@code chain} holds it. */
    private static List<BlockHeader> chain(int length, Gen gen, InMemoryChain chain) {
        List<BlockHeader> headers = new ArrayList<>(List.of(GENESIS.header()));
        long time = Genesis.TIMESTAMP;
        for (int i = 0; i < length; i++) {
            BlockHeader parent = headers.get(headers.size() - 1);
            time += gen.longIn(1, 40_000);
            Block block = TestBlocks.mine(parent, VALIDATOR.expectedDifficulty(parent, chain),
                    Math.max(time, VALIDATOR.earliestTimestamp(parent, chain)), List.of(), MINER);
            chain.add(block);
            headers.add(block.header());
        }
        return headers;
    }

    /** A child of {@code tip}: valid, or with one field drawn anew (difficulty, timestamp, height, nonce). */
    private static BlockHeader child(BlockHeader tip, Gen gen, InMemoryChain chain) {
        int difficulty = VALIDATOR.expectedDifficulty(tip, chain);
        long earliest = VALIDATOR.earliestTimestamp(tip, chain);
        BlockHeader valid = TestBlocks.mine(tip, difficulty, earliest + gen.longIn(0, 30_000), List.of(), MINER)
                .header();
        return switch (gen.intIn(0, 4)) {
            case 0 -> valid;
            case 1 -> TestBlocks.resignAndSolve(new BlockHeader(valid.version(), valid.height(), valid.previousHash(),
                    valid.merkleRoot(), valid.timestamp(), Math.max(1, difficulty + gen.intIn(-2, 2)),
                    valid.minerKey(), valid.minerSignature(), 0), MINER);
            case 2 -> TestBlocks.resignAndSolve(new BlockHeader(valid.version(), valid.height(), valid.previousHash(),
                    valid.merkleRoot(), earliest - gen.longIn(-2, 40_000), difficulty, valid.minerKey(),
                    valid.minerSignature(), 0), MINER);
            case 3 -> TestBlocks.resignAndSolve(new BlockHeader(valid.version(), valid.height() + gen.intIn(1, 3),
                    valid.previousHash(), valid.merkleRoot(), valid.timestamp(), difficulty, valid.minerKey(),
                    valid.minerSignature(), 0), MINER);
            default -> {
                BlockHeader lazy = valid;
                for (long nonce = valid.nonce() + 1; ProofOfWork.meets(lazy.hash(), difficulty); nonce++) {
                    lazy = valid.withNonce(nonce);
                }
                yield lazy;
            }
        };
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries100")
    void aChildOfTheTipIsJudgedAsTheValidatorJudgesItWithTheWholeChain(long seed) {
        Gen gen = new Gen(seed);
        InMemoryChain chain = new InMemoryChain(GENESIS);
        List<BlockHeader> headers = chain(gen.intIn(0, 30), gen, chain);
        // built at once or header by header, from genesis or from the newest only
        int capacity = TipHeaders.capacityFor(PARAMS);
        TipHeaders view;
        if (gen.intIn(0, 1) == 0) {
            view = new TipHeaders(headers, capacity);
        } else {
            view = new TipHeaders(headers.subList(0, 1), capacity);
            for (BlockHeader header : headers.subList(1, headers.size())) {
                view = view.extendedBy(header);
            }
        }
        BlockHeader tip = headers.get(headers.size() - 1);
        assertThat(view.tip()).isEqualTo(tip);
        for (int i = 0; i < 5; i++) {
            BlockHeader child = child(tip, gen, chain);
            assertThat(view.checkChild(child, VALIDATOR)).contains(VALIDATOR.checkHeader(tip, child, chain));
        }
    }

    @Test
    void keepsItsCapacityAndNoMore() {
        Gen gen = new Gen(7);
        List<BlockHeader> headers = chain(40, gen, new InMemoryChain(GENESIS));
        int capacity = TipHeaders.capacityFor(PARAMS);
        TipHeaders view = new TipHeaders(headers, capacity);
        assertThat(view.header(headers.get(headers.size() - capacity).hash())).as("the oldest kept").isPresent();
        assertThat(view.header(headers.get(headers.size() - capacity - 1).hash())).as("the newest dropped").isEmpty();
        assertThatThrownBy(() -> view.timestampAt(view.tip().hash(), headers.size() - capacity - 1L))
                .isInstanceOf(IllegalStateException.class);
        assertThat(capacity).isGreaterThanOrEqualTo(ConsensusLimits.MEDIAN_TIME_SPAN)
                .isGreaterThanOrEqualTo(PARAMS.retargetInterval() + 2);
    }

    @Test
    void answersForItsTipOnlyAndNotAboutMessages() {
        InMemoryChain chain = new InMemoryChain(GENESIS);
        List<BlockHeader> headers = chain(5, new Gen(3), chain);
        TipHeaders view = new TipHeaders(headers, TipHeaders.capacityFor(PARAMS));
        BlockHeader older = headers.get(3);
        BlockHeader sibling = TestBlocks.mine(older, VALIDATOR.expectedDifficulty(older, chain),
                VALIDATOR.earliestTimestamp(older, chain), List.of(), MINER).header();
        assertThat(view.checkChild(sibling, VALIDATOR)).as("builds on another block: not this view's to judge")
                .isEmpty();
        assertThatThrownBy(() -> view.recentTimestamps(older.hash(), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> view.alreadyInBranch(view.tip().hash(), Set.of()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesHeadersThatDoNotFormAChain() {
        List<BlockHeader> headers = chain(4, new Gen(5), new InMemoryChain(GENESIS));
        List<BlockHeader> gap = new ArrayList<>(headers);
        gap.remove(2);
        assertThatThrownBy(() -> new TipHeaders(gap, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TipHeaders(List.of(), 20)).isInstanceOf(IllegalArgumentException.class);
        TipHeaders view = new TipHeaders(headers.subList(0, 3), 20);
        assertThatThrownBy(() -> view.extendedBy(headers.get(4))).isInstanceOf(IllegalArgumentException.class);
    }
}
