package io.podchain.p2p;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A connection between two {@link NodeParts} without a network: the dialler's {@link Peer} (its view of the other
 * node) and the answerer's, over an open Noise channel; what one side sends is opened by the other's channel, so
 * every message the tests look at went through the encoding and the encryption the node uses. Messages are
 * delivered when the test says so: to the handshake until the receiving side holds the proof, then to the handler
 * the test passes.
 */
final class PeerLink {
    /** How a test handles what a proven peer sends: the relay, the inventory, or only keeping it. */
    interface Receiver {
        void receive(Peer from, ProtocolMessage message);
    }

    final NodeParts dialler;
    final NodeParts answerer;
    /** The dialler's view of its connection to the answerer (outbound). */
    final Peer toAnswerer;
    /** The answerer's view of its connection from the dialler (inbound). */
    final Peer toDialler;
    private final FakeConnection diallerSide = new FakeConnection();
    private final FakeConnection answererSide = new FakeConnection();
    private int readFromDialler;
    private int readFromAnswerer;
    private final List<ProtocolMessage> allFromAnswerer = new ArrayList<>();
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    private PeerLink(NodeParts dialler, NodeParts answerer) {
        this.dialler = dialler;
        this.answerer = answerer;
        Membership open = Membership.of(Optional.empty());
        SecureChannel diallers = SecureChannel.dialling(open, P2pLimits.MIN_PROTOCOL_VERSION,
                P2pLimits.PROTOCOL_VERSION);
        SecureChannel answerers = SecureChannel.answering(open, P2pLimits.MIN_PROTOCOL_VERSION,
                P2pLimits.PROTOCOL_VERSION);
        diallers.handshake(((SecureChannel.Step.Answer) answerers.handshake(diallers.firstFrame())).frame());
        toAnswerer = new Peer(diallerSide, Peer.Direction.OUTBOUND, answerer.address(), answerer.ip, diallers,
                dialler.shared, NodeParts.CLOCK.instant());
        toDialler = new Peer(answererSide, Peer.Direction.INBOUND, dialler.ip + ":40000", dialler.ip, answerers,
                answerer.shared, NodeParts.CLOCK.instant());
        dialler.connected.add(toAnswerer);
        answerer.connected.add(toDialler);
    }

    /** Opens the channel and nothing more: the test says what the dialler sends first. */
    static PeerLink open(NodeParts dialler, NodeParts answerer) {
        return new PeerLink(dialler, answerer);
    }

    /** Opens the connection; the dialler says HELLO, as it does once the channel is up. */
    static PeerLink dial(NodeParts dialler, NodeParts answerer) {
        PeerLink link = open(dialler, answerer);
        link.toAnswerer.send(dialler.handshake.hello(link.toAnswerer));
        return link;
    }

    /** Opens the connection and delivers both ways until both sides hold the other's proof or one gave up. */
    static PeerLink connect(NodeParts dialler, NodeParts answerer) {
        PeerLink link = dial(dialler, answerer);
        link.exchange((from, message) -> {
        });
        return link;
    }

    /** What the dialler sent and the answerer has not been given yet, as the answerer's channel opens it. */
    List<ProtocolMessage> sentByDialler() {
        List<ProtocolMessage> messages = open(diallerSide, readFromDialler, toDialler);
        readFromDialler += messages.size();
        return messages;
    }

    /** What the answerer sent and the dialler has not been given yet. */
    List<ProtocolMessage> sentByAnswerer() {
        List<ProtocolMessage> messages = open(answererSide, readFromAnswerer, toAnswerer);
        readFromAnswerer += messages.size();
        allFromAnswerer.addAll(messages);
        return messages;
    }

    /** Everything the answerer sent since the connection opened, delivered or not. */
    List<ProtocolMessage> allSentByAnswerer() {
        sentByAnswerer();
        return List.copyOf(allFromAnswerer);
    }

    private static List<ProtocolMessage> open(FakeConnection sender, int from, Peer receiver) {
        List<ProtocolMessage> messages = new ArrayList<>();
        List<byte[]> frames = sender.frames;
        for (int i = from; i < frames.size(); i++) {
            try {
                messages.add(CODEC.decode(receiver.channel().open(frames.get(i))));
            } catch (Exception e) {
                throw new AssertionError("a frame the other side cannot read", e);
            }
        }
        return messages;
    }

    /**
     * Delivers both ways until neither side has more to say: before a side holds the other's proof its messages go
     * to that side's handshake, after it to {@code proven}. Returns what was delivered to proven peers.
     */
    List<ProtocolMessage> exchange(Receiver proven) {
        List<ProtocolMessage> delivered = new ArrayList<>();
        for (boolean moved = true; moved; ) {
            moved = deliver(sentByDialler(), toDialler, answerer, proven, delivered)
                    | deliver(sentByAnswerer(), toAnswerer, dialler, proven, delivered);
        }
        return delivered;
    }

    private static boolean deliver(List<ProtocolMessage> messages, Peer receiver, NodeParts side, Receiver proven,
            List<ProtocolMessage> delivered) {
        for (ProtocolMessage message : messages) {
            if (receiver.isClosing()) {
                break; // nothing a closing connection receives is looked at
            }
            if (receiver.completedHandshake()) {
                delivered.add(message);
                proven.receive(receiver, message);
            } else if (message instanceof ProtocolMessage.Reject) {
                receiver.close("rejected"); // as the router does: before a proof a REJECT ends the conversation
            } else {
                side.handshake.handle(receiver, message);
            }
        }
        return !messages.isEmpty();
    }

    /** The REJECTs in {@code messages}, as "CODE: reason". */
    static List<String> rejects(List<ProtocolMessage> messages) {
        return messages.stream().filter(ProtocolMessage.Reject.class::isInstance).map(ProtocolMessage.Reject.class::cast)
                .map(r -> r.code() + ": " + r.reason()).toList();
    }
}
