package io.podchain.store;

import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.SideBranchQuota;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.Block;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import io.podchain.chain.SigningKey;
import io.podchain.testing.EmbeddedPostgresResource;
import io.podchain.testing.TestBlocks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ChainStoreTest {
    private static final SigningKey MINER = TestBlocks.key("chain-store-test");

    @Inject
    ChainStore chain;
    @Inject
    ChainWriter writer;
    @Inject
    Finality finality;
    @Inject
    MessageStore messages;
    @Inject
    TipEventsRecorder events;
    @Inject
    EntityManager em;

    private Block next(Block parentBlock, List<Message> messages) {
        long timestamp = Math.max(System.currentTimeMillis(), parentBlock.header().timestamp() + 1);
        return TestBlocks.mine(parentBlock.header(), chain.nextBlock().difficulty(), timestamp, messages, MINER);
    }

    /** Six new blocks on the tip, so that the side blocks of earlier tests fall below the final height. */
    private Block sixBlocksOnTheTip() {
        Block tip = chain.block(chain.summary().tip().hash()).orElseThrow().block();
        for (int i = 0; i < 6; i++) {
            tip = next(tip, List.of());
            assertThat(writer.apply(tip, null).accepted()).isTrue();
        }
        return tip;
    }

    /**
     * Lists of hashes are bound as one array: the comparison must still be one the char(64) indexes serve (a
     * comparison as text would not be, and every sync page would scan whole tables). With sequential scans
     * disabled, a usable index is always chosen, however few rows the table has.
     */
    @Test
    @Transactional
    void hashListLookupsUseTheHashIndexes() {
        em.createNativeQuery("set local enable_seqscan = off").executeUpdate();
        String[] ids = {chain.genesis().hash().toHex(), Hash.ZERO.toHex()};
        for (String lookup : List.of("select hash from block where hash",
                "select block_hash from block_message where message_id",
                "delete from pending_message where message_id")) {
            List<?> plan = em.createNativeQuery("explain " + lookup + IdArrays.anyId(1)).setParameter(1, ids)
                    .getResultList();
            assertThat(plan.toString()).as(lookup).contains("Index").doesNotContain("Seq Scan");
        }
    }

    /**
     * Every fixed-width hex column (hashes, keys, signatures) compares byte by byte, whatever the database's default
     * collation: a locale-aware comparison costs far more on every index probe and insert .
     */
    @Test
    void hexColumnsCompareAsBytes() {
        List<?> localeAware = em.createNativeQuery("select table_name || '.' || column_name from"
                + " information_schema.columns where table_schema = 'public' and data_type = 'character'"
                + " and coalesce(collation_name, '') <> 'C'").getResultList();
        assertThat(localeAware).isEmpty();
        assertThat(((Number) em.createNativeQuery("select count(*) from information_schema.columns where"
                + " table_schema = 'public' and data_type = 'character' and collation_name = 'C'")
                .getSingleResult()).intValue()).as("12 in the chain's tables, peer.node_key").isEqualTo(14);
    }

    @Test
    void aPageIsAppliedInOrderUpToTheFirstBadBlock() {
        Block tip = chain.block(chain.summary().tip().hash()).orElseThrow().block();
        Message message = Message.sign(MINER, "page", "in the first block", System.currentTimeMillis());
        Block first = next(tip, List.of(message));
        Block second = next(first, List.of());
        Block forged = new Block(TestBlocks.solve(second.header().withSignature(MINER.sign(Hash.ZERO))), List.of());
        Block third = next(second, List.of());

        List<ApplyResult> results = writer.applyAll(List.of(first, forged, third));

        assertThat(results).extracting(ApplyResult::outcome)
                .containsExactly(ApplyResult.Outcome.CONNECTED, ApplyResult.Outcome.REJECTED);
        assertThat(results.get(1).violations()).extracting(v -> v.rule()).contains(Rule.INVALID_BLOCK_SIGNATURE);
        assertThat(chain.summary().tip().hash()).isEqualTo(first.hash());
        assertThat(chain.contains(third.hash())).isFalse();

        List<ApplyResult> rest = writer.applyAll(List.of(second, third));
        assertThat(rest).extracting(ApplyResult::outcome)
                .containsExactly(ApplyResult.Outcome.CONNECTED, ApplyResult.Outcome.CONNECTED);
        assertThat(chain.summary().tip().hash()).isEqualTo(third.hash());
        assertThat(chain.mainBlockAt(first.height()).orElseThrow().block().messages()).containsExactly(message);
    }

    @Test
    void aPageOnTheTipIsCheckedAgainstItselfAndTheChainAndStopsAtTheFirstBrokenRule() {
        Block tip = chain.block(chain.summary().tip().hash()).orElseThrow().block();
        long now = System.currentTimeMillis();
        Message confirmedBefore = Message.sign(MINER, "page", "confirmed before the page", now);
        Block earlier = next(tip, List.of(confirmedBefore));
        assertThat(writer.apply(earlier, null).outcome()).isEqualTo(ApplyResult.Outcome.CONNECTED);
        Message waiting = Message.sign(MINER, "page", "pending until the page confirms it", now + 1);
        assertThat(messages.addPendingAll(List.of(waiting))).containsExactly(waiting.id());
        Message inPage = Message.sign(MINER, "page", "twice in one page", now + 2);

        Block a = next(earlier, List.of(waiting, inPage));
        Block b = next(a, List.of());
        Block repeatsThePage = next(b, List.of(inPage));
        Block repeatsTheChain = next(b, List.of(confirmedBefore));
        Block wrongDifficulty = TestBlocks.mine(b.header(), b.header().difficulty() + 1, now + 10, List.of(), MINER);
        Block tooOld = TestBlocks.mine(b.header(), b.header().difficulty(), 1, List.of(), MINER);
        Block afterRepeat = next(repeatsThePage, List.of());
        List<ApplyResult> page = writer.applyAll(List.of(a, b, repeatsThePage, afterRepeat));
        assertThat(page).extracting(ApplyResult::outcome).containsExactly(ApplyResult.Outcome.CONNECTED,
                ApplyResult.Outcome.CONNECTED, ApplyResult.Outcome.REJECTED);
        assertThat(page.get(2).violations()).extracting(v -> v.rule()).contains(Rule.DUPLICATE_MESSAGE);
        assertThat(messages.status(waiting.id()).orElseThrow().state()).isEqualTo(MessageStatus.State.CONFIRMED);
        for (Block bad : List.of(repeatsThePage, repeatsTheChain, wrongDifficulty, tooOld)) {
            Block after = next(bad, List.of());
            List<ApplyResult> results = writer.applyAll(List.of(bad, after));
            Rule expected = bad == wrongDifficulty ? Rule.BAD_DIFFICULTY
                    : bad == tooOld ? Rule.TIMESTAMP_TOO_OLD : Rule.DUPLICATE_MESSAGE;
            assertThat(results).extracting(ApplyResult::outcome).containsExactly(ApplyResult.Outcome.REJECTED);
            assertThat(results.get(0).violations()).extracting(v -> v.rule()).contains(expected);
            assertThat(chain.summary().tip().hash()).isEqualTo(b.hash());
            assertThat(chain.contains(bad.hash())).isFalse();
            assertThat(chain.contains(after.hash())).isFalse();
        }
        assertThat(messages.pending(100)).doesNotContain(waiting);
        assertThat(chain.mainBlockAt(a.height()).orElseThrow().block()).isEqualTo(a);
    }

    @Test
    void aBlockThatWillBeTheTipIsAnnouncedOnceValidBeforeItIsCommittedAndNoOtherIs() {
        Block tip = chain.block(chain.summary().tip().hash()).orElseThrow().block();
        Block next = next(tip, List.of());
        // same height, same work, a larger hash: it loses the tie (the smaller hash wins), so it stays a side branch
        Block rival = next(tip, List.of(Message.sign(MINER, "rival", "same height, same work", 1)));
        for (int i = 2; rival.hash().compareTo(next.hash()) < 0; i++) {
            rival = next(tip, List.of(Message.sign(MINER, "rival", "same height, same work", i)));
        }
        Block forged = new Block(TestBlocks.solve(next(next, List.of()).header().withSignature(MINER.sign(Hash.ZERO))),
                List.of());
        events.drain();

        assertThat(writer.apply(next, null).outcome()).isEqualTo(ApplyResult.Outcome.CONNECTED);
        assertThat(events.drain()).containsExactly(
                new TipEventsRecorder.Recorded("validated", next.hash(), false),
                new TipEventsRecorder.Recorded("tip-changed", next.hash(), true));

        assertThat(writer.apply(rival, null).outcome()).isEqualTo(ApplyResult.Outcome.SIDE_BRANCH);
        assertThat(writer.apply(forged, null).outcome()).isEqualTo(ApplyResult.Outcome.REJECTED);
        assertThat(writer.apply(next, null).outcome()).isEqualTo(ApplyResult.Outcome.ALREADY_KNOWN);
        assertThat(events.drain()).as("no event for a side branch, an invalid or a known block").isEmpty();
    }

    /**
     * Side-branch blocks above the final height are bounded (8 in tests, {@code podchain.chain.max-side-branch-blocks})
     * and refused beyond without blame; once the main chain buries them under the finality depth (5 in tests) they
     * are pruned, and room comes back.
     */
    @Test
    void sideBranchBlocksAreBoundedAndThoseThatBecameFinalArePruned() {
        Block tip = sixBlocksOnTheTip();
        Block parent = chain.block(tip.header().previousHash()).orElseThrow().block();
        Block grandparent = chain.block(parent.header().previousHash()).orElseThrow().block();
        for (int i = 0; i < 8; i++) {
            // a sibling of the tip's parent: less work than the tip, so it stays on a side branch
            Block sibling = TestBlocks.mine(grandparent.header(), chain.nextBlock().difficulty(),
                    parent.header().timestamp() + 1 + i, List.of(), MINER);
            assertThat(writer.apply(sibling, null).outcome()).isEqualTo(ApplyResult.Outcome.SIDE_BRANCH);
        }
        Block ninth = TestBlocks.mine(grandparent.header(), chain.nextBlock().difficulty(),
                parent.header().timestamp() + 100, List.of(), MINER);
        ApplyResult refused = writer.apply(ninth, null);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.violations()).extracting(Violation::rule).containsExactly(Rule.SIDE_BRANCHES_FULL);
        assertThat(Rule.SIDE_BRANCHES_FULL.isPolicy()).isTrue();
        assertThat(chain.block(ninth.hash())).isEmpty();

        for (int i = 0; i < 4; i++) { // the siblings' height becomes final
            tip = next(tip, List.of());
            assertThat(writer.apply(tip, null).accepted()).isTrue();
        }
        assertThat(finality.pruneSideBranches()).isGreaterThanOrEqualTo(8);
        Block newParent = chain.block(tip.header().previousHash()).orElseThrow().block();
        Block afterPruning = TestBlocks.mine(chain.block(newParent.header().previousHash()).orElseThrow().block()
                .header(), chain.nextBlock().difficulty(), newParent.header().timestamp() + 1, List.of(), MINER);
        assertThat(writer.apply(afterPruning, null).outcome()).isEqualTo(ApplyResult.Outcome.SIDE_BRANCH);
    }

    /**
     * A message this node first sees inside a side-branch block is pending here (another node may be the only one
     * that mines it); when its branch becomes the main chain it is confirmed and leaves the pool, and when the branch
     * is disconnected again it is pending once more.
     */
    @Test
    void aMessageFirstSeenOnASideBranchIsPendingUntilTheMainChainHoldsIt() {
        Block tip = sixBlocksOnTheTip();
        Block parent = chain.block(tip.header().previousHash()).orElseThrow().block();
        Block grandparent = chain.block(parent.header().previousHash()).orElseThrow().block();
        Message unseen = Message.sign(TestBlocks.key("side-branch-sender"), "carol", "first seen on a side branch",
                System.currentTimeMillis());
        Block side = TestBlocks.mine(grandparent.header(), chain.nextBlock().difficulty(),
                parent.header().timestamp() + 3, List.of(unseen), MINER);
        assertThat(writer.apply(side, null).outcome()).isEqualTo(ApplyResult.Outcome.SIDE_BRANCH);
        assertThat(messages.status(unseen.id()).orElseThrow().state()).isEqualTo(MessageStatus.State.PENDING);
        assertThat(messages.pending(100_000)).contains(unseen);

        // the side branch grows heavier than the main chain: the message is confirmed and leaves the pool
        Block sideTip = side;
        for (int i = 0; i < 2; i++) {
            sideTip = TestBlocks.mine(sideTip.header(), chain.nextBlock().difficulty(),
                    sideTip.header().timestamp() + 1, List.of(), MINER);
            writer.apply(sideTip, null);
        }
        assertThat(chain.summary().tip().hash()).isEqualTo(sideTip.hash());
        assertThat(messages.status(unseen.id()).orElseThrow().state()).isEqualTo(MessageStatus.State.CONFIRMED);
        assertThat(messages.pending(100_000)).doesNotContain(unseen);

        // the old main chain comes back heavier: the message is pending again, on no chain
        Block back = tip;
        for (int i = 0; i < 2; i++) {
            back = TestBlocks.mine(back.header(), chain.nextBlock().difficulty(), back.header().timestamp() + 1,
                    List.of(), MINER);
            writer.apply(back, null);
        }
        assertThat(chain.summary().tip().hash()).isEqualTo(back.hash());
        assertThat(messages.status(unseen.id()).orElseThrow().state()).isEqualTo(MessageStatus.State.PENDING);
        assertThat(messages.pending(100_000)).contains(unseen);
    }

    /**
     * A source's quota is asked before a side-branch block is stored and told when one was: a full quota refuses the
     * block without blame (policy) and stores nothing, while a block that becomes the tip never asks it.
     */
    @Test
    void aSourceWithoutRoomStoresNoSideBranchButStillExtendsTheTip() {
        Block tip = sixBlocksOnTheTip();
        List<Long> asked = new java.util.ArrayList<>();
        List<Long> stored = new java.util.ArrayList<>();
        boolean[] room = {true};
        SideBranchQuota quota = new SideBranchQuota() {
            @Override
            public boolean hasRoom(long finalHeight) {
                asked.add(finalHeight);
                return room[0];
            }

            @Override
            public void stored(long height) {
                stored.add(height);
            }
        };
        Block parent = chain.block(tip.header().previousHash()).orElseThrow().block();
        Block grandparent = chain.block(parent.header().previousHash()).orElseThrow().block();
        // siblings of the tip's parent: less work than the tip, so they stay on a side branch
        Block sibling = TestBlocks.mine(grandparent.header(), chain.nextBlock().difficulty(),
                parent.header().timestamp() + 7, List.of(), MINER);
        assertThat(writer.apply(sibling, null, quota).outcome()).isEqualTo(ApplyResult.Outcome.SIDE_BRANCH);
        assertThat(asked).containsExactly(tip.header().height() - 5);
        assertThat(stored).containsExactly(parent.header().height());

        room[0] = false;
        Block another = TestBlocks.mine(grandparent.header(), chain.nextBlock().difficulty(),
                parent.header().timestamp() + 11, List.of(), MINER);
        ApplyResult refused = writer.apply(another, null, quota);
        assertThat(refused.violations()).extracting(Violation::rule).containsExactly(Rule.SIDE_BRANCHES_FULL);
        assertThat(refused.violations().get(0).detail()).contains("sender's share");
        assertThat(chain.block(another.hash())).isEmpty();
        assertThat(stored).hasSize(1);

        Block onTip = next(tip, List.of());
        int askedBefore = asked.size();
        assertThat(writer.apply(onTip, null, quota).outcome()).isEqualTo(ApplyResult.Outcome.CONNECTED);
        assertThat(asked).as("a block that becomes the tip does not ask").hasSize(askedBefore);
    }
}
