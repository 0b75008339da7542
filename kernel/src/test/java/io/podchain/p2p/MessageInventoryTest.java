package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.podchain.chain.Hex;
import io.podchain.chain.Message;
import io.podchain.ledger.MessagesAccepted;
import io.podchain.testing.TestBlocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pending messages between peers without a node: one node's inventory with two proven peers over channels without
 * a network, its pool and rows in memory. Announced ids are asked for once, in requests of the named size and no
 * more of them than the named number in flight; answers are checked against what was asked and against the rules;
 * what is asked and not delivered, or dropped by a busy pool, is asked of the next announcer; requests are answered
 * in the order asked; what enters the pool is announced to every peer but the one it came from; a peer that
 * becomes ready hears of what is pending.
 */
class MessageInventoryTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final NodeParts node = new NodeParts("inv-node", "10.4.0.1", timer);
    private final PeerLink announcer = PeerLink.connect(new NodeParts("inv-announcer", "10.4.0.2", timer), node);
    private final PeerLink other = PeerLink.connect(new NodeParts("inv-other", "10.4.0.3", timer), node);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static List<Message> messages(String label, int count) {
        return IntStream.range(0, count).mapToObj(i -> Message.sign(TestBlocks.key("inv-author"), "bob",
                label + " " + i, NodeParts.CLOCK.millis())).toList();
    }

    private static ProtocolMessage.Inventory inventory(List<Message> messages) {
        return new ProtocolMessage.Inventory(messages.stream().map(m -> m.id().toHex()).toList());
    }

    private static ProtocolMessage.Messages answer(List<Message> messages) {
        return new ProtocolMessage.Messages(messages.stream().map(m -> Hex.encode(m.canonicalBytes())).toList());
    }

    /** What the node sent the peer at the far end of {@code link} since the last look, of {@code type}. */
    private static <T extends ProtocolMessage> List<T> sentTo(PeerLink link, Class<T> type) {
        return link.sentByAnswerer().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<String> idsAskedOf(PeerLink link) {
        return sentTo(link, ProtocolMessage.GetMessages.class).stream().flatMap(g -> g.ids().stream()).toList();
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().toHex()).toList();
    }

    @Test
    void announcedIdsAreAskedForOnceInRequestsOfTheNamedSize() {
        sentTo(announcer, ProtocolMessage.GetMessages.class);
        List<Message> announced = messages("asked", P2pLimits.MAX_MESSAGES_PER_REQUEST + 1);
        node.inventory.onInventory(announcer.toDialler, inventory(announced));
        List<ProtocolMessage.GetMessages> requests = sentTo(announcer, ProtocolMessage.GetMessages.class);
        assertThat(requests).extracting(r -> r.ids().size()).containsExactly(P2pLimits.MAX_MESSAGES_PER_REQUEST, 1);
        node.inventory.onInventory(other.toDialler, inventory(announced));
        assertThat(idsAskedOf(other)).as("asked of the first announcer only").isEmpty();
    }

    @Test
    void noMoreRequestsThanTheNamedNumberAreInFlightAndTheRestIsLeftToTheNextAnnouncer() {
        List<Message> announced = messages("in flight", P2pLimits.MAX_MESSAGES_PER_REQUEST
                * (P2pLimits.MAX_MESSAGE_REQUESTS_IN_FLIGHT + 1));
        node.inventory.onInventory(announcer.toDialler, inventory(announced));
        List<String> asked = idsAskedOf(announcer);
        assertThat(asked).hasSize(P2pLimits.MAX_MESSAGES_PER_REQUEST * P2pLimits.MAX_MESSAGE_REQUESTS_IN_FLIGHT);
        node.inventory.onInventory(other.toDialler, inventory(announced));
        assertThat(idsAskedOf(other)).as("the ids beyond the limit").containsExactlyElementsOf(
                ids(announced).subList(asked.size(), announced.size()));
    }

    @Test
    void askedMessagesAreCheckedAndQueuedForThePoolAndWhatWasNotDeliveredIsAskedOfTheNextAnnouncer() {
        List<Message> announced = messages("delivered", 3);
        node.inventory.onInventory(announcer.toDialler, inventory(announced));
        node.inventory.onMessages(announcer.toDialler, answer(announced.subList(0, 2)));
        assertThat(node.messages.admitted).containsExactlyElementsOf(announced.subList(0, 2));
        assertThat(PeerLink.rejects(announcer.sentByAnswerer())).isEmpty();
        node.inventory.onInventory(other.toDialler, inventory(announced));
        assertThat(idsAskedOf(other)).as("only the one not delivered").containsExactly(announced.get(2).id().toHex());
    }

    @Test
    void anAnswerNobodyAskedForCostsItsSender() {
        node.inventory.onMessages(announcer.toDialler, answer(messages("unasked", 1)));
        assertThat(PeerLink.rejects(announcer.sentByAnswerer()))
                .containsExactly("UNSOLICITED: MESSAGES that was not asked for");
        assertThat(announcer.toDialler.misbehaviour()).isEqualTo(RejectCode.UNSOLICITED.misbehaviour());
        assertThat(node.messages.admitted).isEmpty();
    }

    @Test
    void aMessageNotAskedForInAnAnswerCostsItsSenderAndStopsTheAnswer() {
        List<Message> announced = messages("one asked", 1);
        Message slipped = messages("slipped in", 1).get(0);
        node.inventory.onInventory(announcer.toDialler, inventory(announced));
        node.inventory.onMessages(announcer.toDialler, answer(List.of(slipped, announced.get(0))));
        assertThat(PeerLink.rejects(announcer.sentByAnswerer()))
                .containsExactly("UNSOLICITED: message " + slipped.id() + " was not asked for");
        assertThat(node.messages.admitted).isEmpty();
    }

    @Test
    void aMessageThatBreaksTheRulesCostsItsSenderAndIsNotQueued() {
        Message signed = messages("forged", 1).get(0);
        Message forged = new Message(signed.sender(), signed.recipient(), "changed after signing", signed.createdAt(),
                signed.signature());
        node.inventory.onInventory(announcer.toDialler, inventory(List.of(forged)));
        node.inventory.onMessages(announcer.toDialler, answer(List.of(forged)));
        assertThat(PeerLink.rejects(announcer.sentByAnswerer())).singleElement().asString()
                .startsWith("INVALID_MESSAGE: message " + forged.id());
        assertThat(announcer.toDialler.misbehaviour()).isEqualTo(RejectCode.INVALID_MESSAGE.misbehaviour());
        assertThat(node.messages.admitted).isEmpty();
    }

    /**
     * A message created ahead of our clock (its signer's clock runs ahead, or ours behind) breaks no rule anyone can
     * be blamed for: its sender is not penalised, the rest of the answer is taken, and it is asked for again when it
     * is announced again.
     */
    @Test
    void aMessageFromAheadOfOurClockCostsNobodyAndIsAskedForAgainLater() {
        Message ahead = Message.sign(TestBlocks.key("inv-author"), "bob", "from a clock two hours ahead",
                NodeParts.CLOCK.millis() + java.time.Duration.ofHours(2).toMillis());
        Message now = messages("on time", 1).get(0);
        node.inventory.onInventory(announcer.toDialler, inventory(List.of(ahead, now)));
        node.inventory.onMessages(announcer.toDialler, answer(List.of(ahead, now)));
        assertThat(PeerLink.rejects(announcer.sentByAnswerer())).isEmpty();
        assertThat(announcer.toDialler.misbehaviour()).isZero();
        assertThat(node.messages.admitted).containsExactly(now);
        node.inventory.onInventory(other.toDialler, inventory(List.of(ahead)));
        assertThat(idsAskedOf(other)).containsExactly(ahead.id().toHex());
    }

    @Test
    void idsAnAnnouncerDoesNotDeliverInTimeAreAskedOfTheNextAnnouncer() {
        List<Message> announced = messages("late", 2);
        node.inventory.onInventory(announcer.toDialler, inventory(announced));
        node.inventory.onInventory(other.toDialler, inventory(announced));
        assertThat(idsAskedOf(other)).isEmpty();
        node.inventory.expireRequests(announcer.toDialler, System.nanoTime()
                + P2pLimits.MESSAGE_REQUEST_TIMEOUT.toNanos() + 1);
        node.inventory.onInventory(other.toDialler, inventory(announced));
        assertThat(idsAskedOf(other)).containsExactlyElementsOf(ids(announced));
        // the late answer still matches its request and is taken
        node.inventory.onMessages(announcer.toDialler, answer(announced));
        assertThat(node.messages.admitted).containsExactlyElementsOf(announced);
        assertThat(announcer.toDialler.misbehaviour()).isZero();
    }

    @Test
    void aMessageABusyPoolDropsIsAskedForAgainWhenItIsAnnouncedAgain() {
        List<Message> announced = messages("busy", 1);
        node.messages.busy = true;
        node.inventory.onInventory(announcer.toDialler, inventory(announced));
        node.inventory.onMessages(announcer.toDialler, answer(announced));
        assertThat(node.messages.admitted).isEmpty();
        assertThat(announcer.toDialler.misbehaviour()).as("our pool's state is not the peer's fault").isZero();
        node.messages.busy = false;
        node.inventory.onInventory(other.toDialler, inventory(announced));
        node.inventory.onMessages(other.toDialler, answer(announced));
        assertThat(node.messages.admitted).containsExactlyElementsOf(announced);
    }

    @Test
    void aRequestIsAnsweredInItsOrderFromMemoryAndFromTheRowsLeavingOutWhatIsUnknown() {
        List<Message> recent = messages("recent", 2);
        List<Message> stored = messages("stored", 2);
        Message unknown = messages("unknown", 1).get(0);
        node.inventory.onAccepted(new MessagesAccepted(recent));
        stored.forEach(m -> node.messages.held.put(m.id(), m));
        List<Message> asked = List.of(stored.get(1), recent.get(0), unknown, stored.get(0), recent.get(1));
        node.inventory.onGetMessages(announcer.toDialler, new ProtocolMessage.GetMessages(ids(asked)));
        List<ProtocolMessage.Messages> answers = sentTo(announcer, ProtocolMessage.Messages.class);
        assertThat(answers).singleElement().extracting(ProtocolMessage.Messages::messages).asList()
                .containsExactlyElementsOf(answer(List.of(stored.get(1), recent.get(0), stored.get(0),
                        recent.get(1))).messages());
    }

    @Test
    void whatEntersThePoolIsAnnouncedToEveryPeerButTheOneItCameFrom() {
        List<Message> fromAnnouncer = messages("from a peer", 2);
        List<Message> ours = messages("from REST", 1);
        node.inventory.onInventory(announcer.toDialler, inventory(fromAnnouncer));
        node.inventory.onMessages(announcer.toDialler, answer(fromAnnouncer));
        sentTo(announcer, ProtocolMessage.Inventory.class);
        List<Message> accepted = new ArrayList<>(fromAnnouncer);
        accepted.addAll(ours);
        node.inventory.onAccepted(new MessagesAccepted(accepted));
        List<String> toOther = new ArrayList<>();
        List<String> toAnnouncer = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            sentTo(other, ProtocolMessage.Inventory.class).forEach(inv -> toOther.addAll(inv.messages()));
            sentTo(announcer, ProtocolMessage.Inventory.class).forEach(inv -> toAnnouncer.addAll(inv.messages()));
            assertThat(toOther).containsExactlyElementsOf(ids(accepted));
            assertThat(toAnnouncer).as("not back to where they came from").containsExactlyElementsOf(ids(ours));
        });
    }

    @Test
    void aPeerThatBecomesReadyHearsOfTheOldestPendingMessagesInOneFrameAndTheyAreNotAskedForBack() {
        List<Message> pending = messages("pending before the peer came", P2pLimits.MAX_INV_ENTRIES + 1);
        pending.forEach(node.messages::admit);
        PeerLink late = PeerLink.connect(new NodeParts("inv-late", "10.4.0.4", timer), node);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<ProtocolMessage.Inventory> told = late.allSentByAnswerer().stream()
                    .filter(ProtocolMessage.Inventory.class::isInstance).map(ProtocolMessage.Inventory.class::cast)
                    .toList();
            assertThat(told).hasSize(1);
            assertThat(told.get(0).messages()).as("the oldest, as many as one frame holds")
                    .containsExactlyElementsOf(ids(pending.subList(0, P2pLimits.MAX_INV_ENTRIES)));
        });
        node.inventory.onInventory(late.toDialler, inventory(pending.subList(0, 3)));
        assertThat(idsAskedOf(late)).as("ours already").isEmpty();
    }
}
