package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hex;
import io.podchain.chain.Message;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.SigningKey;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.TipBlockValidated;
import io.podchain.testing.TestBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * New blocks without a node: one node's relay with three proven peers over channels without a network, its chain in
 * memory. A peer's valid block reaches every other peer before the store is asked, once; a block that breaks its
 * own rules goes nowhere and bans its sender; a block after unknown chain is a hint, not an offence; a block that
 * breaks only the rule checked after the relay costs its producer, not the peer that relayed it; a failure of our
 * store blames nobody and lets the block come again.
 */
class RelayTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final NodeParts node = new NodeParts("relay-node", "10.3.0.1", timer);
    private final PeerLink sender = PeerLink.connect(new NodeParts("relay-sender", "10.3.0.2", timer), node);
    private final PeerLink other = PeerLink.connect(new NodeParts("relay-other", "10.3.0.3", timer), node);
    private final PeerLink third = PeerLink.connect(new NodeParts("relay-third", "10.3.0.4", timer), node);
    private final SigningKey miner = TestBlocks.key("relay-miner");

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** The blocks announced to the peer at the far end of {@code link} since the last look. */
    private static List<Block> announcedTo(PeerLink link) {
        return link.sentByAnswerer().stream().filter(ProtocolMessage.BlockAnnouncement.class::isInstance)
                .map(m -> Block.decode(Hex.decode(((ProtocolMessage.BlockAnnouncement) m).block(), "block")))
                .toList();
    }

    private static List<String> rejectsTo(PeerLink link) {
        return PeerLink.rejects(link.sentByAnswerer());
    }

    private void send(PeerLink from, Block block) {
        node.relay.onBlock(from.toDialler, new ProtocolMessage.BlockAnnouncement(Hex.encode(block.canonicalBytes())));
    }

    private Message message(String content) {
        return Message.sign(TestBlocks.key("relay-author"), "bob", content, NodeParts.GENESIS.header().timestamp() + 1);
    }

    private void drain() {
        announcedTo(sender);
        announcedTo(other);
        announcedTo(third);
    }

    @Test
    void aValidBlockReachesEveryOtherPeerBeforeTheStoreIsAskedAndIsStoredOnce() {
        drain();
        Block block = node.nextBlock(miner, List.of(message("hello")));
        List<Block> atTheStore = new ArrayList<>();
        node.chain.whileApplying = applying -> {
            atTheStore.addAll(announcedTo(other));
            atTheStore.addAll(announcedTo(third));
        };
        send(sender, block);
        assertThat(atTheStore).as("relayed to both other peers before the store was asked").containsExactly(block,
                block);
        assertThat(announcedTo(sender)).as("never back to its sender").isEmpty();
        assertThat(node.chain.tip()).isEqualTo(block.header());
        assertThat(sender.toDialler.verified().height()).as("the sender has at least that block").isEqualTo(1);

        send(other, block);
        assertThat(node.chain.applied).as("the second copy is dropped as it arrives").containsExactly(block);
        drain();
        node.relay.onTipChanged(new ChainTipChanged(NodeParts.GENESIS.hash(), block.hash(), 1,
                node.chain.summary().cumulativeWork(), List.of(block.hash()), List.of(), block));
        assertThat(announcedTo(other)).as("the commit announces nothing twice").isEmpty();
    }

    @Test
    void aBlockThatBreaksItsOwnRulesGoesNowhereAndBansItsSender() {
        drain();
        Block valid = node.nextBlock(miner, List.of(message("tampered")));
        BlockHeader lazy = valid.header();
        for (long nonce = lazy.nonce() + 1; ProofOfWork.meets(lazy.hash(), lazy.difficulty()); nonce++) {
            lazy = valid.header().withNonce(nonce);
        }
        send(sender, new Block(lazy, valid.messages()));
        assertThat(announcedTo(other)).isEmpty();
        assertThat(announcedTo(third)).isEmpty();
        assertThat(rejectsTo(sender)).singleElement().asString().startsWith("INVALID_BLOCK: block ")
                .contains("INSUFFICIENT_WORK");
        assertThat(sender.toDialler.isClosing()).isTrue();
        assertThat(node.bans.keyBannedUntil(sender.dialler.key.publicKey().toHex())).isPresent();
        assertThat(node.chain.tip()).isEqualTo(NodeParts.GENESIS.header());
    }

    @Test
    void aBlockAfterChainWeLackIsAHintNotAnOffence() {
        drain();
        MemoryChain elsewhere = new MemoryChain(node.validator, NodeParts.GENESIS);
        Block first = TestBlocks.mine(elsewhere.tip(), node.validator.expectedDifficulty(elsewhere.tip(),
                elsewhere.context()), NodeParts.GENESIS.header().timestamp() + 1, List.of(), miner);
        elsewhere.extend(first);
        Block second = TestBlocks.mine(first.header(), node.validator.expectedDifficulty(first.header(),
                elsewhere.context()), NodeParts.GENESIS.header().timestamp() + 2, List.of(), miner);
        int considered = node.follower.considered.get();
        send(sender, second);
        assertThat(announcedTo(other)).as("not relayed: it is not a child of our tip").isEmpty();
        assertThat(rejectsTo(sender)).isEmpty();
        assertThat(sender.toDialler.misbehaviour()).isZero();
        assertThat(sender.toDialler.claimed().height()).as("its sender has at least that height").isEqualTo(2);
        assertThat(node.follower.considered).hasValue(considered + 1);
        send(sender, second);
        assertThat(node.chain.applied).as("taken again when it comes again").containsExactly(second, second);
    }

    @Test
    void aBlockRepeatingAConfirmedMessageIsRelayedThenCostsItsProducerNotItsRelayer() {
        Message confirmed = message("confirmed once");
        node.chain.extend(node.nextBlock(miner, List.of(confirmed)));
        drain();
        SigningKey producer = third.dialler.key;
        Block repeat = node.nextBlock(producer, List.of(confirmed));
        send(sender, repeat);
        assertThat(announcedTo(other)).as("its own checks and its header pass: relayed").containsExactly(repeat);
        assertThat(node.chain.holds(repeat.hash())).as("the stored chain's check refuses it").isFalse();
        assertThat(rejectsTo(sender)).as("the relayer keeps its standing").isEmpty();
        assertThat(sender.toDialler.isClosing()).isFalse();
        assertThat(sender.toDialler.misbehaviour()).isZero();
        assertThat(rejectsTo(third)).as("the producer, connected, pays").singleElement().asString()
                .startsWith("INVALID_BLOCK: block " + repeat.hash()).contains("DUPLICATE_MESSAGE");
        assertThat(third.toDialler.isClosing()).isTrue();
        assertThat(node.bans.keyBannedUntil(producer.publicKey().toHex())).isPresent();
    }

    @Test
    void aFailureOfOurStoreBlamesNobodyAndTheBlockIsTakenAgain() {
        drain();
        Block block = node.nextBlock(miner, List.of());
        node.chain.failNextApply = true;
        send(sender, block);
        assertThat(rejectsTo(sender)).isEmpty();
        assertThat(sender.toDialler.isClosing()).isFalse();
        assertThat(node.chain.holds(block.hash())).isFalse();
        send(other, block);
        assertThat(node.chain.tip()).isEqualTo(block.header());
        assertThat(announcedTo(other)).as("relayed once, when it first passed its checks").containsExactly(block);
        assertThat(announcedTo(third)).containsExactly(block);
    }

    @Test
    void ourOwnBlockIsAnnouncedToEveryPeerOnceWhenValidAndNotAgainAtItsCommit() {
        drain();
        Block mined = node.nextBlock(miner, List.of());
        node.relay.onTipBlockValidated(new TipBlockValidated(mined));
        node.chain.extend(mined);
        node.relay.onTipChanged(new ChainTipChanged(NodeParts.GENESIS.hash(), mined.hash(), 1,
                node.chain.summary().cumulativeWork(), List.of(mined.hash()), List.of(), mined));
        assertThat(announcedTo(sender)).containsExactly(mined);
        assertThat(announcedTo(other)).containsExactly(mined);
        assertThat(announcedTo(third)).containsExactly(mined);
    }
}
