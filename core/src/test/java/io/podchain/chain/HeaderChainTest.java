package io.podchain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.Gen;
import io.podchain.testing.InMemoryChain;
import io.podchain.testing.TestBlocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headers a peer sends are checked on top of the stored chain before their work counts: a valid branch passes
 * however it is cut into batches (retargets included, answered across the batches and the store), and a header
 * with any one thing wrong is refused by the rule that guards it, with nothing kept from it on.
 */
class HeaderChainTest {
    /** Retargets every 4 blocks, so that branches of a few dozen blocks cross several retargets. */
    static final ChainParams PARAMS = new ChainParams("headers-test", 4, 1, 4, Duration.ofSeconds(10));
    static final SigningKey MINER = TestBlocks.key("header-miner");
    static final Block GENESIS = Genesis.create(PARAMS);

    /** A valid chain of {@code length} blocks after genesis, with block times drawn around the target. */
    private static List<Block> chain(int length, Gen gen, BlockValidator validator) {
        InMemoryChain built = new InMemoryChain(GENESIS);
        List<Block> blocks = new ArrayList<>(List.of(GENESIS));
        long time = Genesis.TIMESTAMP;
        for (int i = 0; i < length; i++) {
            BlockHeader parent = blocks.get(blocks.size() - 1).header();
            time += gen.longIn(1, 40_000);
            int difficulty = validator.expectedDifficulty(parent, built);
            Block block = TestBlocks.mine(parent, difficulty, Math.max(time,
                    validator.earliestTimestamp(parent, built)), List.of(), MINER);
            built.add(block);
            blocks.add(block);
        }
        return blocks;
    }

    private static BlockValidator validator() {
        return new BlockValidator(PARAMS, () -> Genesis.TIMESTAMP + Duration.ofDays(365).toMillis());
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries30")
    void aValidBranchPassesHoweverItIsStoredAndBatched(long seed) {
        Gen gen = new Gen(seed);
        BlockValidator validator = validator();
        List<Block> blocks = chain(gen.intIn(1, 30), gen, validator);
        int stored = gen.intIn(0, blocks.size() - 1);
        InMemoryChain store = new InMemoryChain(GENESIS);
        blocks.subList(1, stored + 1).forEach(store::add);
        List<BlockHeader> rest = blocks.subList(stored + 1, blocks.size()).stream().map(Block::header).toList();
        HeaderChain checked = new HeaderChain(1_000);
        for (int from = 0; from < rest.size(); ) {
            int to = Math.min(rest.size(), from + gen.intIn(1, 8));
            assertThat(checked.check(rest.subList(from, to), store, validator)).isEmpty();
            from = to;
        }
        rest.forEach(h -> assertThat(checked.header(h.hash())).contains(h));
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries30")
    void aHeaderWithOneThingWrongIsRefusedByItsRuleAndNothingFromItOnIsKept(long seed) {
        Gen gen = new Gen(seed);
        BlockValidator validator = validator();
        List<Block> blocks = chain(gen.intIn(2, 20), gen, validator);
        List<BlockHeader> headers = new ArrayList<>(blocks.subList(1, blocks.size()).stream().map(Block::header).toList());
        int bad = gen.intIn(0, headers.size() - 1);
        BlockHeader h = headers.get(bad);
        int kind = gen.intIn(0, 3);
        BlockHeader broken = switch (kind) {
            // another difficulty, properly mined for it: the retarget rule refuses it
            case 0 -> TestBlocks.resignAndSolve(new BlockHeader(h.version(), h.height(), h.previousHash(),
                    h.merkleRoot(), h.timestamp(), h.difficulty() + 1, h.minerKey(), h.minerSignature(), 0), MINER);
            // a nonce that does not meet the difficulty
            case 1 -> {
                BlockHeader lazy = h;
                for (long nonce = h.nonce() + 1; ProofOfWork.meets(lazy.hash(), h.difficulty()); nonce++) {
                    lazy = h.withNonce(nonce);
                }
                yield lazy;
            }
            // a gap in the heights
            case 2 -> TestBlocks.resignAndSolve(new BlockHeader(h.version(), h.height() + 1, h.previousHash(),
                    h.merkleRoot(), h.timestamp(), h.difficulty(), h.minerKey(), h.minerSignature(), 0), MINER);
            // a timestamp not after the median time past
            default -> TestBlocks.resignAndSolve(new BlockHeader(h.version(), h.height(), h.previousHash(),
                    h.merkleRoot(), Genesis.TIMESTAMP - 1, h.difficulty(), h.minerKey(), h.minerSignature(), 0), MINER);
        };
        Rule expected = switch (kind) {
            case 0 -> Rule.BAD_DIFFICULTY;
            case 1 -> Rule.INSUFFICIENT_WORK;
            case 2 -> Rule.HEIGHT_MISMATCH;
            default -> Rule.TIMESTAMP_TOO_OLD;
        };
        headers.set(bad, broken);
        HeaderChain checked = new HeaderChain(1_000);
        List<Violation> violations = checked.check(headers, new InMemoryChain(GENESIS), validator);
        assertThat(violations).extracting(Violation::rule).contains(expected);
        for (int i = 0; i < headers.size(); i++) {
            assertThat(checked.header(headers.get(i).hash()).isPresent()).as("header %d kept", i).isEqualTo(i < bad);
        }
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries20")
    void headersThatFollowNothingKnownAreRefused(long seed) {
        Gen gen = new Gen(seed);
        BlockValidator validator = validator();
        List<Block> blocks = chain(gen.intIn(2, 10), gen, validator);
        List<BlockHeader> withoutFirst = blocks.subList(2, blocks.size()).stream().map(Block::header).toList();
        assertThat(new HeaderChain(1_000).check(withoutFirst, new InMemoryChain(GENESIS), validator))
                .extracting(Violation::rule).containsExactly(Rule.UNKNOWN_PARENT);
    }
}
