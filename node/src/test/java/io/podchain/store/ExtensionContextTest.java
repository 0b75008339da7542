package io.podchain.store;

import io.podchain.testing.Gen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.ChainParams;
import io.podchain.chain.Genesis;
import io.podchain.chain.Hash;
import io.podchain.chain.MerkleTree;
import io.podchain.chain.Message;
import io.podchain.chain.SigningKey;
import io.podchain.testing.InMemoryChain;
import io.podchain.testing.TestBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The in-memory view sync validates a page against answers every question exactly as the whole chain does, wherever
 * the stored part ends and whatever the timestamps and messages are.
 */
class ExtensionContextTest {
    private static final SigningKey MINER = TestBlocks.key("extension-context-test");
    private static final List<Message> MESSAGES = List.of(
            Message.sign(MINER, "a", "one", 1_000), Message.sign(MINER, "b", "two", 2_000),
            Message.sign(MINER, "c", "three", 3_000), Message.sign(MINER, "d", "four", 4_000));
    private static final List<Hash> IDS = MESSAGES.stream().map(Message::id).toList();

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries60")
    void answersAsTheWholeChainDoes(long seed) {
        Gen gen = new Gen(seed);
        int length = gen.intIn(0, 30);
        int storedUpTo = gen.intIn(0, 30);
        int split = Math.min(storedUpTo, length);
        List<Block> blocks = chain(length, gen.random());
        InMemoryChain whole = new InMemoryChain(blocks.get(0));
        InMemoryChain stored = new InMemoryChain(blocks.get(0));
        for (int i = 1; i < blocks.size(); i++) {
            whole.add(blocks.get(i));
            if (i <= split) {
                stored.add(blocks.get(i));
            }
        }
        Hash storedTip = blocks.get(split).hash();
        ExtensionContext view = new ExtensionContext(stored, blocks.get(split).header(),
                stored.recentTimestamps(storedTip, ExtensionContext.recentTimestampsNeeded()),
                stored.alreadyInBranch(storedTip, IDS));
        assertSameAnswers(view, whole, blocks.get(split).header());
        for (int i = split + 1; i < blocks.size(); i++) {
            view.append(blocks.get(i));
            assertSameAnswers(view, whole, blocks.get(i).header());
        }
    }

    private static void assertSameAnswers(ExtensionContext view, InMemoryChain whole, BlockHeader top) {
        for (int count = 1; count <= ConsensusLimits.MEDIAN_TIME_SPAN; count++) {
            assertThat(view.recentTimestamps(top.hash(), count)).isEqualTo(whole.recentTimestamps(top.hash(), count));
        }
        for (long height = 0; height <= top.height(); height++) {
            assertThat(view.timestampAt(top.hash(), height)).isEqualTo(whole.timestampAt(top.hash(), height));
        }
        assertThat(view.header(top.hash())).contains(top);
        assertThat(view.header(top.previousHash())).isEqualTo(whole.header(top.previousHash()));
        assertThat(view.alreadyInBranch(top.hash(), IDS)).isEqualTo(whole.alreadyInBranch(top.hash(), IDS));
    }

    /** Genesis and {@code length} blocks with random timestamps (not monotonic) and random messages. */
    private static List<Block> chain(int length, Random random) {
        List<Block> blocks = new ArrayList<>(List.of(Genesis.create(ChainParams.defaults("extension-context-test"))));
        for (int i = 1; i <= length; i++) {
            BlockHeader parent = blocks.get(i - 1).header();
            List<Message> messages = MESSAGES.stream().filter(m -> random.nextInt(6) == 0).toList();
            long timestamp = parent.timestamp() + random.nextInt(2_000) - 500;
            BlockHeader header = BlockHeader.signed(ConsensusLimits.BLOCK_VERSION, i, parent.hash(),
                    MerkleTree.root(messages.stream().map(Message::id).toList()), timestamp, 1, MINER);
            blocks.add(new Block(header, messages));
        }
        return blocks;
    }
}
