package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hex;
import io.podchain.chain.MalformedException;
import io.podchain.log.LogSafe;
import io.podchain.noise.NoiseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Every frame a connection receives, in order: the channel's handshake until it is open, then each message
 * decrypted, checked for its size, decoded and handed, in order on a worker thread, to what handles it: the
 * {@link Handshake} before the proof, then the one table of {@link MessageHandlers}, which names the handler of every
 * message type. PING and PONG are answered on the event loop as they arrive.
 */
class MessageRouter {
    private static final Logger LOG = Logger.getLogger(MessageRouter.class);
    /** PING and PONG are about 40 characters; only messages this short are looked at on the event loop. */
    private static final int MAX_PING_CHARS = 64;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final ConnectedPeers connected;
    private final P2pConfig config;
    private final Handshake handshake;
    private final Housekeeping housekeeping;
    private final PeerDiscipline discipline;
    private final Scheduler scheduler;
    /** What handles each message of a proven peer: every type of {@link ProtocolMessage}, in one place. */
    private final MessageHandlers handlers;

    MessageRouter(ConnectedPeers connected, P2pConfig config, Handshake handshake, Housekeeping housekeeping,
            Relay relay, MessageInventory messages, ChainServer server, ChainFollower sync,
            PeerDiscipline discipline, Scheduler scheduler) {
        this.connected = connected;
        this.scheduler = scheduler;
        this.config = config;
        this.handshake = handshake;
        this.housekeeping = housekeeping;
        this.discipline = discipline;
        MessageHandlers.Handler<ProtocolMessage> handshakeOver = (peer, message) -> discipline.penalize(peer,
                RejectCode.BAD_HANDSHAKE, "handshake already complete");
        this.handlers = new MessageHandlers(discipline, (peer, message) -> {
            throw new IllegalStateException("no handler for " + message.getClass().getSimpleName());
        })
                // proven: from here on, even on a connection the other side is closing (a duplicate it dropped),
                // what it still sent is an ordinary message of a proven peer, never a handshake violation
                .on(ProtocolMessage.Hello.class, handshakeOver)
                .on(ProtocolMessage.Auth.class, handshakeOver)
                .on(ProtocolMessage.Reject.class, this::onReject)
                .on(ProtocolMessage.Ping.class, housekeeping::onPing)
                .on(ProtocolMessage.Pong.class, housekeeping::onPong)
                .on(ProtocolMessage.Status.class, housekeeping::onStatus)
                .on(ProtocolMessage.BlockAnnouncement.class, relay::onBlock)
                .on(ProtocolMessage.Inventory.class, messages::onInventory)
                // MESSAGES answers GET_MESSAGES, whose ids the inventory keeps: it checks what was asked for itself
                .on(ProtocolMessage.Messages.class, messages::onMessages)
                .request(ProtocolMessage.GetMessages.class, messages::onGetMessages)
                .request(ProtocolMessage.GetHeaders.class, server::onGetHeaders)
                .request(ProtocolMessage.GetBlocks.class, server::onGetBlocks)
                .answer(ProtocolMessage.Headers.class, (peer, headers) -> sync.onHeaders(peer,
                        decodeAll(headers.headers(), BlockHeader::decode)))
                .answer(ProtocolMessage.Blocks.class, (peer, blocks) -> onBlocks(peer, blocks, sync));
    }

    /** The message types a proven peer's messages are routed by (all of them). */
    Set<Class<? extends ProtocolMessage>> routedTypes() {
        return handlers.types();
    }

    /**
     * A binary frame, on the event loop: the channel's handshake until it is open, then a message to decrypt (in
     * order: each frame uses the next nonce) and handle ({@link #received(Peer, String)}).
     */
    void received(Link link, byte[] frame) {
        Peer peer = connected.get(link.id());
        if (peer == null || peer.isClosing() || connected.isShuttingDown()) {
            return; // a connection we are closing: what it still sends is not its fault, nor our business
        }
        SecureChannel channel = peer.channel();
        if (!channel.isOpen()) {
            channelHandshake(peer, frame);
            return;
        }
        String text;
        try {
            text = channel.open(frame);
        } catch (NoiseException e) {
            // changed, injected, replayed or cut on the way, by whoever sits between us: nobody's key is to blame,
            // so nobody is penalised; the connection cannot go on, and the dialler dials again
            discipline.note(peer, "Disconnecting %s: a frame failed authentication (%s)", peer, e.getMessage());
            peer.close(SecureChannel.NOT_AUTHENTIC, "a frame failed authentication");
            return;
        }
        received(peer, text);
    }

    /**
     * Text frames are not spoken since version 4 (everything travels in the channel's binary frames): an older
     * node's HELLO is refused with both versions named, anything else is not a podchain node's.
     */
    void receivedText(Link link, String text) {
        Peer peer = connected.get(link.id());
        if (peer == null || peer.isClosing() || connected.isShuttingDown()) {
            return;
        }
        String version = text.length() <= P2pLimits.MAX_HANDSHAKE_MESSAGE_CHARS ? olderVersion(text) : null;
        if (version != null) {
            discipline.note(peer, "Refused %s: it speaks protocol version %s, this node [%d, %d]", peer, version,
                    P2pLimits.MIN_PROTOCOL_VERSION, config.maxProtocolVersion());
            peer.close(SecureChannel.NO_COMMON_VERSION, "protocol version " + version + " there, ["
                    + P2pLimits.MIN_PROTOCOL_VERSION + ", " + config.maxProtocolVersion() + "] here");
            return;
        }
        discipline.penalize(peer, RejectCode.BAD_HANDSHAKE, "a text frame (" + text.length()
                + " characters) where the channel's handshake was due");
    }

    /** The version an older node's HELLO names, or null when the text is not one. */
    private String olderVersion(String text) {
        try {
            return codec.decode(text) instanceof ProtocolMessage.Hello hello
                    ? String.valueOf(hello.protocolVersion()) : null;
        } catch (DecodeException e) {
            return null;
        }
    }

    /**
     * The channel's handshake, on the event loop: a responder that gets a first message from a node without this
     * network's cluster secret learns it from a tag check (hashes, no Diffie-Hellman) and closes, saying why.
     */
    private void channelHandshake(Peer peer, byte[] frame) {
        if (frame.length > P2pLimits.MAX_CHANNEL_HANDSHAKE_BYTES) {
            discipline.penalize(peer, RejectCode.OVERSIZE, frame.length + " bytes before the channel is up, limit "
                    + P2pLimits.MAX_CHANNEL_HANDSHAKE_BYTES);
            return;
        }
        SecureChannel.Step step = peer.channel().handshake(frame);
        if (step instanceof SecureChannel.Step.Refused refused) {
            if (refused.code() == SecureChannel.NOT_A_MEMBER) {
                discipline.note(peer, "Refused %s: not a member of this network (its cluster secret differs from ours, or it"
                        + " has none)", peer);
            } else {
                discipline.note(peer, "Refused %s: %s", peer, refused.reason());
            }
            peer.close(refused.code(), refused.reason());
        } else if (step instanceof SecureChannel.Step.Answer answer) {
            peer.sendHandshakeFrame(answer.frame());
        } else {
            // the dialler's channel is open: it says HELLO first
            peer.submit(() -> peer.send(handshake.hello(peer)));
        }
    }

    /**
     * A message decrypted from the peer's channel, on the event loop: cheap checks here, everything else in order on
     * a worker thread. A connection's first two messages (HELLO and AUTH) must be small
     * ({@link P2pLimits#MAX_HANDSHAKE_MESSAGE_CHARS}): a larger one is refused here, undecoded and unqueued, and costs
     * its IP address. What follows them before the proof is checked waits within
     * {@link P2pLimits#MAX_UNPROVEN_INBOX_CHARS} and is handled only once the proof holds.
     */
    private void received(Peer peer, String text) {
        if (peer.expectsHandshakeMessage() && text.length() > P2pLimits.MAX_HANDSHAKE_MESSAGE_CHARS) {
            // here and now, not queued: an unproven peer's penalty touches no database, and once it is closing,
            // whatever else it sends is dropped as it arrives (a queued task would keep each frame alive)
            discipline.penalize(peer, RejectCode.OVERSIZE, text.length() + " characters before the handshake, limit "
                    + P2pLimits.MAX_HANDSHAKE_MESSAGE_CHARS);
            return;
        }
        long arrival = scheduler.nanoTime();
        if (peer.isReady() && text.length() <= MAX_PING_CHARS && peer.tryAcquire(arrival)
                && answerPing(peer, text, arrival)) {
            return;
        }
        PeerInbox.Refused refused = peer.submitMessage(() -> {
            if (peer.isClosing() || connected.isShuttingDown()) {
                return;
            }
            ProtocolMessage message;
            try {
                message = codec.decode(text);
            } catch (DecodeException e) {
                discipline.penalize(peer, e.code(), e.getMessage());
                return;
            }
            try {
                peer.handling(arrival);
                handle(peer, message);
            } catch (MalformedException | IllegalArgumentException e) {
                discipline.penalize(peer, RejectCode.MALFORMED, e.getMessage());
            } catch (RuntimeException e) {
                // our side failed (the database, most likely): the connection's state is no longer known, so it is
                // closed without blame rather than left to misread what the peer sends next; the peer reconnects
                LOG.warnf("Handling %s from %s failed (%s); closing the connection", message.getClass().getSimpleName(),
                        peer, e.toString());
                peer.close("internal error");
            }
        }, text.length());
        if (refused != PeerInbox.Refused.NONE) {
            // sending faster than it is handled: disconnected without blame (an honest burst does this too) and
            // without queueing anything more; the connection limits bound how often it comes back
            String why = refused == PeerInbox.Refused.PEER_INBOX_FULL ? "more than " + P2pLimits.MAX_INBOX_MESSAGES
                    + " messages or " + P2pLimits.MAX_INBOX_CHARS + " characters waiting to be handled"
                    : "this node has " + P2pLimits.MAX_NODE_INBOX_CHARS + " characters from peers waiting to be handled";
            discipline.note(peer, "Disconnecting %s (FLOODING): %s", peer, why);
            peer.send(new ProtocolMessage.Reject(RejectCode.FLOODING.name(), why));
            peer.close(RejectCode.FLOODING.name());
        }
    }

    /**
     * PING and PONG are answered on the event loop as they arrive, so a round trip measures the network and the
     * peer, not the queue of work behind them. True when {@code text} was one of them.
     */
    private boolean answerPing(Peer peer, String text, long arrivalNanos) {
        ProtocolMessage message;
        try {
            message = codec.decode(text);
        } catch (DecodeException e) {
            return false;
        }
        if (message instanceof ProtocolMessage.Ping ping) {
            peer.send(new ProtocolMessage.Pong(ping.nonce()));
            return true;
        }
        if (message instanceof ProtocolMessage.Pong pong) {
            if (peer.roundTrips().complete(pong.nonce(), arrivalNanos)) {
                peer.submit(() -> {
                    if (!connected.isShuttingDown()) {
                        housekeeping.online(peer);
                    }
                });
            }
            return true;
        }
        return false;
    }

    private void handle(Peer peer, ProtocolMessage message) {
        if (!peer.completedHandshake()) {
            if (message instanceof ProtocolMessage.Reject reject) {
                // before a proof a REJECT ends the conversation (wrong network, full, banned): nothing to wait for
                onReject(peer, reject);
                peer.close("rejected");
            } else {
                handshake.handle(peer, message);
            }
            return;
        }
        handlers.handle(peer, message);
    }

    private void onReject(Peer peer, ProtocolMessage.Reject reject) {
        discipline.note(peer, "%s rejected: %s %s", peer, reject.code(), LogSafe.of(reject.reason()));
    }

    private static void onBlocks(Peer peer, ProtocolMessage.Blocks blocks, ChainFollower sync) {
        sync.onBlocks(peer, decodeAll(blocks.blocks(), Block::decode));
    }

    private static <T> List<T> decodeAll(List<String> hex, Function<byte[], T> decoder) {
        List<T> decoded = new ArrayList<>(hex.size());
        for (String item : hex) {
            decoded.add(decoder.apply(Hex.decode(item, "item")));
        }
        return decoded;
    }
}
