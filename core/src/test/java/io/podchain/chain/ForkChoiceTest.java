package io.podchain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fork choice as a pure block tree: random trees from seeded generators, added in random orders (parents first),
 * against the rule stated directly (the tip is the stored block with the most work, ties to the smaller hash; the
 * main chain is its ancestry), and finality (what was final stays on the main chain) at its edge.
 */
class ForkChoiceTest {
    private static final BlockHeader GENESIS = header(0, Hash.ZERO, 1, 0);

    private static BlockHeader header(long height, Hash parent, int difficulty, long nonce) {
        return new BlockHeader(1, height, parent, Hash.ZERO, 1_000L * height, difficulty,
                SigningKeyHolder.KEY.publicKey(), Signature.NONE, nonce);
    }

    /** One key for every header: fork choice never reads the signature. */
    private static final class SigningKeyHolder {
        static final SigningKey KEY = SigningKey.fromBytes(one());

        private static byte[] one() {
            byte[] key = new byte[32];
            key[31] = 1;
            return key;
        }
    }

    private static BlockHeader child(BlockHeader parent, int difficulty, long nonce) {
        return header(parent.height() + 1, parent.hash(), difficulty, nonce);
    }

    /** A random tree of {@code size} blocks besides genesis, in an order where each parent comes first. */
    private static List<BlockHeader> randomTree(Random random, int size) {
        List<BlockHeader> blocks = new ArrayList<>(List.of(GENESIS));
        for (int i = 0; i < size; i++) {
            // mostly on recent blocks, as forks are: a long main chain with short branches, and now and then a deep one
            int from = random.nextInt(4) == 0 ? random.nextInt(blocks.size())
                    : Math.max(0, blocks.size() - 1 - random.nextInt(Math.min(blocks.size(), 4)));
            blocks.add(child(blocks.get(from), 1 + random.nextInt(3), random.nextLong()));
        }
        return blocks.subList(1, blocks.size());
    }

    /** The blocks shuffled so that every parent still comes before its children. */
    private static List<BlockHeader> parentsFirst(Random random, List<BlockHeader> blocks) {
        Map<Hash, Integer> depth = new HashMap<>();
        depth.put(GENESIS.hash(), 0);
        blocks.forEach(b -> depth.put(b.hash(), depth.get(b.previousHash()) + 1));
        List<BlockHeader> shuffled = new ArrayList<>(blocks);
        java.util.Collections.shuffle(shuffled, random);
        shuffled.sort(Comparator.comparingInt(b -> depth.get(b.hash())));
        return shuffled;
    }

    static Stream<Long> seeds() {
        return range(1, 300).stream();
    }

    private static List<Long> range(long from, long to) {
        return IntStream.range((int) from, (int) to).mapToObj(i -> (long) i).toList();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theTipIsTheStoredBlockWithTheMostWorkAndTheMainChainItsAncestry(long seed) {
        Random random = new Random(seed);
        BlockTree tree = new BlockTree(GENESIS, Integer.MAX_VALUE);
        List<BlockHeader> blocks = parentsFirst(random, randomTree(random, 5 + random.nextInt(60)));
        Map<Hash, BigInteger> work = new HashMap<>(Map.of(GENESIS.hash(), ProofOfWork.work(GENESIS.difficulty())));
        Map<Hash, BlockHeader> byHash = new HashMap<>(Map.of(GENESIS.hash(), GENESIS));
        for (BlockHeader block : blocks) {
            Hash tipBefore = tree.tip().hash();
            BlockTree.Added added = tree.add(block);
            work.put(block.hash(), ChainWork.cumulative(work.get(block.previousHash()), block.difficulty()));
            byHash.put(block.hash(), block);
            assertThat(added).isInstanceOf(BlockTree.Added.Stored.class);
            if (((BlockTree.Added.Stored) added).decision() instanceof ForkChoice.Decision.NewTip tip) {
                // what left is the old main chain above the fork point, newest first
                assertThat(tip.disconnected().isEmpty() ? tipBefore : tip.disconnected().get(0))
                        .isEqualTo(tip.disconnected().isEmpty() ? block.previousHash() : tipBefore);
                assertThat(tip.connected().get(tip.connected().size() - 1)).isEqualTo(block.hash());
            }
            Hash best = work.keySet().stream().max(Comparator.<Hash, BigInteger>comparing(work::get)
                    .thenComparing(Comparator.<Hash>reverseOrder())).orElseThrow();
            assertThat(tree.tip().hash()).as("seed %d", seed).isEqualTo(best);
        }
        List<Hash> ancestry = new ArrayList<>();
        for (Hash at = tree.tip().hash(); !at.equals(Hash.ZERO); at = byHash.get(at).previousHash()) {
            ancestry.add(0, at);
        }
        for (int height = 0; height < ancestry.size(); height++) {
            assertThat(tree.mainAt(height)).contains(ancestry.get(height));
            assertThat(tree.entry(ancestry.get(height)).orElseThrow().onMainChain()).isTrue();
        }
        assertThat(tree.mainAt(ancestry.size())).isEmpty();
        long onMain = byHash.keySet().stream().filter(h -> tree.entry(h).orElseThrow().onMainChain()).count();
        assertThat(onMain).as("only the tip's ancestry is main").isEqualTo(ancestry.size());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void whatIsFinalStaysOnTheMainChainWhateverWorkABranchCarries(long seed) {
        Random random = new Random(seed);
        int depth = 1 + random.nextInt(4);
        BlockTree tree = new BlockTree(GENESIS, depth);
        for (BlockHeader block : parentsFirst(random, randomTree(random, 10 + random.nextInt(60)))) {
            long tipHeight = tree.tip().height();
            List<Hash> finalBefore = range(0, Math.max(0, tipHeight - depth + 1)).stream()
                    .map(h -> tree.mainAt(h).orElseThrow()).toList();
            BlockTree.Added added = tree.add(block);
            for (int height = 0; height < finalBefore.size(); height++) {
                assertThat(tree.mainAt(height)).as("seed %d, height %d", seed, height).contains(finalBefore.get(height));
            }
            if (added instanceof BlockTree.Added.Refused refused) {
                assertThat(refused.violation().rule()).isEqualTo(Rule.FORK_TOO_DEEP);
                assertThat(tree.contains(block.hash())).isFalse();
            }
        }
    }

    @Test
    void aHeavierBranchReorganisesAndSaysWhatLeavesAndWhatJoins() {
        BlockTree tree = new BlockTree(GENESIS, 10);
        BlockHeader a1 = child(GENESIS, 1, 1);
        BlockHeader a2 = child(a1, 1, 2);
        BlockHeader a3 = child(a2, 1, 3);
        BlockHeader b2 = child(a1, 1, 4);
        BlockHeader b3 = child(b2, 1, 5);
        BlockHeader b4 = child(b3, 1, 6);
        Stream.of(a1, a2, a3).forEach(tree::add);
        assertThat(tree.add(b2)).isEqualTo(new BlockTree.Added.Stored(new ForkChoice.Decision.SideBranch(
                ProofOfWork.work(1).multiply(BigInteger.valueOf(3)))));
        BlockTree.Added tie = tree.add(b3);
        boolean b3Wins = b3.hash().compareTo(a3.hash()) < 0;
        assertThat(tie).as("equal work: the smaller hash").isInstanceOf(BlockTree.Added.Stored.class);
        assertThat(((BlockTree.Added.Stored) tie).decision() instanceof ForkChoice.Decision.NewTip).isEqualTo(b3Wins);
        ForkChoice.Decision heavier = ((BlockTree.Added.Stored) tree.add(b4)).decision();
        if (b3Wins) {
            assertThat(heavier).isEqualTo(new ForkChoice.Decision.NewTip(ProofOfWork.work(1).multiply(
                    BigInteger.valueOf(5)), 3, List.of(), List.of(b4.hash())));
        } else {
            assertThat(heavier).isEqualTo(new ForkChoice.Decision.NewTip(ProofOfWork.work(1).multiply(
                    BigInteger.valueOf(5)), 1, List.of(a3.hash(), a2.hash()), List.of(b2.hash(), b3.hash(), b4.hash())));
        }
        assertThat(tree.tip().hash()).isEqualTo(b4.hash());
        assertThat(tree.entry(a2.hash()).orElseThrow().onMainChain()).isFalse();
        assertThat(tree.mainAt(2)).contains(b2.hash());
    }

    @Test
    void aBranchLeavingTheMainChainBelowTheFinalPartIsRefusedAtTheEdge() {
        BlockTree tree = new BlockTree(GENESIS, 2);
        BlockHeader m1 = child(GENESIS, 1, 1);
        BlockHeader m2 = child(m1, 1, 2);
        BlockHeader m3 = child(m2, 1, 3);
        Stream.of(m1, m2, m3).forEach(tree::add);
        // leaves at height 1 = tip 3 - depth 2: still allowed; at height 0: refused
        assertThat(tree.add(child(m1, 1, 9))).isInstanceOf(BlockTree.Added.Stored.class);
        assertThat(tree.add(child(GENESIS, 1, 9))).isInstanceOf(BlockTree.Added.Refused.class);
        assertThat(tree.add(child(child(GENESIS, 1, 7), 1, 8))).as("its parent is not stored")
                .isInstanceOf(BlockTree.Added.Unchanged.class);
        assertThatThrownBy(() -> ForkChoice.choose(tree, child(child(GENESIS, 1, 7), 1, 8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
