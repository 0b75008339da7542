package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.MalformedException;
import io.podchain.chain.PublicKey;
import io.podchain.log.LogLimiter;
import io.podchain.log.LogSafe;
import io.podchain.noise.NoiseException;
import io.podchain.noise.NoiseHandshake;
import io.podchain.store.PeerStore;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.Connection;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * The life of every connection, inbound and outbound: accepted or opened, each message routed in order to what
 * handles it (the {@link Handshake} before the proof; then sync, the {@link Relay}, the {@link ChainServer}),
 * penalties and bans, pings and status, closed. Dialling is the {@link Dialer}'s, the connections are
 * {@link ConnectedPeers}, the registry of proven peers is the store's {@link PeerStore}.
 */
@ApplicationScoped
public class PeerManager {
    private static final Logger LOG = Logger.getLogger(PeerManager.class);
    /** PING and PONG are about 40 characters; only messages this short are looked at on the event loop. */
    private static final int MAX_PING_CHARS = 64;
    /** WebSocket close code 1001: the endpoint is going away (shutdown), not an error of the peer. */
    private static final int GOING_AWAY = 1001;

    private final ProtocolCodec codec = new ProtocolCodec();
    /** Guards the count-then-add of an inbound connection against the limits (see {@link #accepted}). */
    private final Object admission = new Object();
    private volatile boolean shuttingDown;

    @Inject
    ConnectedPeers connected;
    @Inject
    P2pAdmission admissionCheck;
    @Inject
    Dialer dialer;
    @Inject
    P2pConfig config;
    @Inject
    Clock clock;
    @Inject
    PeerStore registry;
    @Inject
    Bans bans;
    @Inject
    Handshake handshake;
    @Inject
    Relay relay;
    @Inject
    MessageInventory messages;
    @Inject
    ChainServer server;
    @Inject
    ChainFollower sync;
    @Inject
    ManagedExecutor executor;
    @Inject
    P2pMetrics metrics;
    @Inject
    Housekeeping housekeeping;
    @Inject
    TrafficBudget budget;
    @Inject
    Membership membership;
    /** Warnings about one IP or key: a few a minute, then counted (a flood of bad input is not a flood of lines). */
    private final LogLimiter logLimiter = new LogLimiter();
    /** Resumes rate-limited inboxes and closes sockets whose close frame was not answered in time. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "podchain-p2p-timer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Peer.Shared shared;

    void onStart(@Observes @Priority(20) StartupEvent event) {
        shared = new Peer.Shared(codec, budget, executor, timer);
        registry.markAllOffline(clock.instant());
        bans.load(registry);
        dialer.start();
        metrics.peersFrom(() -> connected.ready().size());
        metrics.budget(budget);
    }

    /**
     * Shutdown begins with a delay ({@code quarkus.shutdown.delay}) during which readiness is already down and the
     * server still runs: peers get a going-away close now, before the server closes connections on its own.
     */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        goAway();
    }

    /** Without a shutdown delay, as soon as shutdown begins; nothing peers send afterwards is handled. */
    void onShutdown(@Observes ShutdownEvent event) {
        goAway();
    }

    private synchronized void goAway() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        LOG.infof("Shutting down: closing %d peer connections (going away)", connected.all().size());
        for (Peer peer : connected.all()) {
            peer.close(new CloseReason(GOING_AWAY, "shutting down"));
        }
    }

    /** Addresses to keep connections to (from discovery). Ours and banned ones are skipped when dialling. */
    public void addAddresses(Collection<String> addresses) {
        dialer.add(addresses);
    }

    /** Addresses that vanished from discovery are no longer dialled; open connections stay until they close. */
    public void retainAddresses(Collection<String> current, Collection<String> staticAddresses) {
        dialer.retain(current, staticAddresses);
    }

    public List<Peer> readyPeers() {
        return connected.ready();
    }

    // ---- connections ----

    /** On the event loop: registers the peer at once, so no message can arrive before it is known. */
    void opened(Connection connection, String address) {
        Peer peer = new Peer(connection, Peer.Direction.OUTBOUND, address, Peer.hostOf(address),
                channel(NoiseHandshake.Role.INITIATOR), shared, clock.instant());
        connected.add(peer);
        if (shuttingDown) {
            peer.close(new CloseReason(GOING_AWAY, "shutting down"));
            return;
        }
        peer.sendHandshakeFrame(peer.channel().firstFrame());
    }

    private SecureChannel channel(NoiseHandshake.Role role) {
        return SecureChannel.of(role, membership.presharedKey(), P2pLimits.MIN_PROTOCOL_VERSION,
                config.maxProtocolVersion());
    }

    /**
     * A connection {@link P2pAdmission} let through. Its checks are made again here with the count and the add as
     * one step: connections open on several event-loop threads at once, and two that both counted before either
     * was added would both be let in past the limits. A full table of unproven connections makes room by evicting
     * one ({@link ConnectedPeers#evictionCandidate}).
     */
    void accepted(Connection connection, String remoteAddress) {
        String ip = Peer.hostOf(remoteAddress);
        Peer peer = new Peer(connection, Peer.Direction.INBOUND, remoteAddress, ip,
                channel(NoiseHandshake.Role.RESPONDER), shared, clock.instant());
        Optional<P2pAdmission.Refusal> refusal;
        Optional<Peer> evicted = Optional.empty();
        synchronized (admission) {
            refusal = admissionCheck.refusal(ip);
            if (refusal.isEmpty() && connected.unproven() >= P2pLimits.MAX_UNPROVEN) {
                evicted = connected.evictionCandidate();
                evicted.ifPresent(Peer::abort);
            }
            connected.add(peer);
        }
        evicted.ifPresent(old -> LOG.debugf("Evicted unproven %s to make room for %s", old, peer));
        if (shuttingDown) {
            peer.close(new CloseReason(GOING_AWAY, "shutting down"));
        } else if (refusal.isPresent()) {
            reject(peer, refusal.get().code(), switch (refusal.get().code()) {
                case BANNED -> "banned until " + bans.ipBannedUntil(ip).orElse(clock.instant());
                case TOO_MANY_FROM_IP -> "this node accepts " + P2pLimits.MAX_UNPROVEN_PER_IP + " handshakes and "
                        + P2pLimits.MAX_INBOUND_PER_IP + " connections from one address";
                default -> "this node accepts " + config.maxInbound() + " peers";
            });
        }
        // the dialler speaks first: its channel handshake, then its HELLO
    }

    void closed(Connection connection) {
        Peer peer = connected.remove(connection.id());
        if (peer == null || shuttingDown) {
            return;
        }
        CloseReason reason = connection.closeReason();
        if (reason != null && !peer.isClosing() && (reason.getCode() == SecureChannel.NOT_A_MEMBER
                || reason.getCode() == SecureChannel.NO_COMMON_VERSION)) {
            // the other side refused our channel: the operator reads why (another cluster secret, another version)
            warn(peer, "%s refused this node: %s", peer, LogSafe.of(reason.getMessage()));
        }
        if (reason != null && reason.getCode() == GOING_AWAY && peer.completedHandshake()) {
            // inbound peers too: discovery would otherwise dial the address it listens on at once (only proven
            // peers: an unproven one's address is not one we dial, and must not fill the dialler's tables)
            dialer.goingAway(peer.address());
        }
        peer.submit(() -> {
            if (reason != null && reason.getCode() == GOING_AWAY) {
                // a peer shutting down (rolling update, scale-down) says so: expected, and worth a line in the log
                LOG.infof("Peer %s is going away: %s", peer, LogSafe.of(reason.getMessage()));
            } else {
                LOG.debugf("Disconnected %s (%s)", peer, reason == null ? "no close frame" : reason.getCode());
            }
            // a duplicate that was dropped leaves the node connected through the other connection: its row stays
            if (peer.completedHandshake() && connected.readyWithKey(peer.nodeKey(), peer).isEmpty()) {
                save(peer, bans.keyBannedUntil(peer.nodeKey().toHex()).isPresent() ? "BANNED" : "OFFLINE");
            }
            sync.peerGone(peer);
        });
    }

    /** A connection failed (reset by a peer that vanished): its close follows; nothing else to do. */
    void failed(Connection connection, Throwable failure) {
        LOG.debugf("Connection %s failed: %s", connection.id(), failure.toString());
    }

    /** The handshake proved the peer: it is one of our peers from now on. */
    void ready(Peer peer) {
        LOG.infof("Connected %s, which claims height %d (protocol version %d)", peer, peer.claimed().height(),
                peer.channel().version());
        save(peer, "ONLINE");
        housekeeping.ping(peer);
        sync.consider();
    }

    /**
     * One connection per pair of proven nodes. When both dialled at once, both sides keep the connection dialled by
     * the node with the smaller key, so they agree without talking about it; the other is closed without penalty.
     *
     * @return false when {@code candidate} is the one to close
     */
    boolean keepOverExisting(Peer candidate, PublicKey ourKey) {
        Optional<Peer> existing = connected.readyWithKey(candidate.nodeKey(), candidate);
        if (existing.isEmpty()) {
            return true;
        }
        boolean weAreSmaller = ourKey.toHex().compareTo(candidate.nodeKey().toHex()) < 0;
        Peer.Direction preferred = weAreSmaller ? Peer.Direction.OUTBOUND : Peer.Direction.INBOUND;
        if (candidate.direction() == preferred && existing.get().direction() != preferred) {
            reject(existing.get(), RejectCode.DUPLICATE_CONNECTION, "keeping the connection dialled by the smaller key");
            return true;
        }
        return false;
    }

    // ---- messages ----

    /**
     * A binary frame, on the event loop: the channel's handshake until it is open, then a message to decrypt (in
     * order: each frame uses the next nonce) and handle ({@link #received(Peer, String)}).
     */
    void received(Connection connection, Buffer frame) {
        Peer peer = connected.get(connection.id());
        if (peer == null || peer.isClosing() || shuttingDown) {
            return; // a connection we are closing: what it still sends is not its fault, nor our business
        }
        SecureChannel channel = peer.channel();
        if (!channel.isOpen()) {
            channelHandshake(peer, frame);
            return;
        }
        String text;
        try {
            text = channel.open(frame.getBytes());
        } catch (NoiseException e) {
            // changed, injected, replayed or cut on the way, by whoever sits between us: nobody's key is to blame,
            // so nobody is penalised; the connection cannot go on, and the dialler dials again
            warn(peer, "Disconnecting %s: a frame failed authentication (%s)", peer, e.getMessage());
            peer.close(SecureChannel.NOT_AUTHENTIC, "a frame failed authentication");
            return;
        }
        received(peer, text);
    }

    /**
     * Text frames are not spoken since version 4 (everything travels in the channel's binary frames): an older
     * node's HELLO is refused with both versions named, anything else is not a podchain node's.
     */
    void receivedText(Connection connection, String text) {
        Peer peer = connected.get(connection.id());
        if (peer == null || peer.isClosing() || shuttingDown) {
            return;
        }
        String version = text.length() <= P2pLimits.MAX_HANDSHAKE_MESSAGE_CHARS ? olderVersion(text) : null;
        if (version != null) {
            warn(peer, "Refused %s: it speaks protocol version %s, this node [%d, %d]", peer, version,
                    P2pLimits.MIN_PROTOCOL_VERSION, config.maxProtocolVersion());
            peer.close(SecureChannel.NO_COMMON_VERSION, "protocol version " + version + " there, ["
                    + P2pLimits.MIN_PROTOCOL_VERSION + ", " + config.maxProtocolVersion() + "] here");
            return;
        }
        penalize(peer, RejectCode.BAD_HANDSHAKE, "a text frame (" + text.length()
                + " characters) where the channel's handshake was due");
    }

    /** The version an older node's HELLO names, or null when the text is not one. */
    private String olderVersion(String text) {
        try {
            return codec.decode(text) instanceof ProtocolMessage.Hello hello
                    ? String.valueOf(hello.protocolVersion()) : null;
        } catch (ProtocolCodec.DecodeException e) {
            return null;
        }
    }

    /**
     * The channel's handshake, on the event loop: a responder that gets a first message from a node without this
     * network's cluster secret learns it from a tag check (hashes, no Diffie-Hellman) and closes, saying why.
     */
    private void channelHandshake(Peer peer, Buffer frame) {
        if (frame.length() > P2pLimits.MAX_CHANNEL_HANDSHAKE_BYTES) {
            penalize(peer, RejectCode.OVERSIZE, frame.length() + " bytes before the channel is up, limit "
                    + P2pLimits.MAX_CHANNEL_HANDSHAKE_BYTES);
            return;
        }
        SecureChannel.Step step = peer.channel().handshake(frame.getBytes());
        if (step instanceof SecureChannel.Step.Refused refused) {
            if (refused.code() == SecureChannel.NOT_A_MEMBER) {
                warn(peer, "Refused %s: not a member of this network (its cluster secret differs from ours, or it"
                        + " has none)", peer);
            } else {
                warn(peer, "Refused %s: %s", peer, refused.reason());
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
            penalize(peer, RejectCode.OVERSIZE, text.length() + " characters before the handshake, limit "
                    + P2pLimits.MAX_HANDSHAKE_MESSAGE_CHARS);
            return;
        }
        long arrival = System.nanoTime();
        if (peer.isReady() && text.length() <= MAX_PING_CHARS && peer.tryAcquire(arrival)
                && answerPing(peer, text, arrival)) {
            return;
        }
        PeerInbox.Refused refused = peer.submitMessage(() -> {
            if (peer.isClosing() || shuttingDown) {
                return;
            }
            ProtocolMessage message;
            try {
                message = codec.decode(text);
            } catch (ProtocolCodec.DecodeException e) {
                penalize(peer, e.code(), e.getMessage());
                return;
            }
            try {
                handle(peer, message);
            } catch (MalformedException | IllegalArgumentException e) {
                penalize(peer, RejectCode.MALFORMED, e.getMessage());
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
            warn(peer, "Disconnecting %s (FLOODING): %s", peer, why);
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
        } catch (ProtocolCodec.DecodeException e) {
            return false;
        }
        if (message instanceof ProtocolMessage.Ping ping) {
            peer.send(new ProtocolMessage.Pong(ping.nonce()));
            return true;
        }
        if (message instanceof ProtocolMessage.Pong pong) {
            if (peer.completePing(pong.nonce(), arrivalNanos)) {
                peer.submit(() -> {
                    if (!shuttingDown) {
                        save(peer, "ONLINE");
                        sync.consider();
                    }
                });
            }
            return true;
        }
        return false;
    }

    private void handle(Peer peer, ProtocolMessage message) {
        if (message instanceof ProtocolMessage.Reject reject) {
            warn(peer, "%s rejected: %s %s", peer, reject.code(), LogSafe.of(reject.reason()));
            if (!peer.completedHandshake()) {
                // before a proof a REJECT ends the conversation (wrong network, full, banned): nothing to wait for
                peer.close("rejected");
            }
            return;
        }
        if (!peer.completedHandshake()) {
            handshake.handle(peer, message);
            return;
        }
        // proven: from here on, even on a connection the other side is closing (a duplicate it dropped), what it
        // still sent is an ordinary message of a proven peer, never a handshake violation
        if (message instanceof ProtocolMessage.Hello || message instanceof ProtocolMessage.Auth) {
            penalize(peer, RejectCode.BAD_HANDSHAKE, "handshake already complete");
        } else if (message instanceof ProtocolMessage.Ping ping) {
            peer.send(new ProtocolMessage.Pong(ping.nonce()));
        } else if (message instanceof ProtocolMessage.Pong pong) {
            if (peer.completePing(pong.nonce(), System.nanoTime())) {
                save(peer, "ONLINE");
                sync.consider();
            }
        } else if (message instanceof ProtocolMessage.Status status) {
            peer.claim(new Peer.ChainPosition(status.height(), Hash.fromHex(status.tipHash()),
                    ProtocolCodec.work(status.cumulativeWork())));
            peer.reportLatencies(status.latencies());
            sync.consider();
        } else if (message instanceof ProtocolMessage.BlockAnnouncement announcement) {
            relay.onBlock(peer, announcement);
        } else if (message instanceof ProtocolMessage.Inventory inventory) {
            messages.onInventory(peer, inventory);
        } else if (message instanceof ProtocolMessage.Messages answer) {
            messages.onMessages(peer, answer);
        } else if (message instanceof ProtocolMessage.GetHeaders || message instanceof ProtocolMessage.GetBlocks
                || message instanceof ProtocolMessage.GetMessages) {
            if (!peer.hasRoomForAnswer()) {
                // its earlier answers are unread, or all peers' are: nothing is built; it may ask again later
                warn(peer, "Disconnecting %s (NOT_READING): no room for an answer", peer);
                peer.abort();
                return;
            }
            if (message instanceof ProtocolMessage.GetMessages request) {
                messages.onGetMessages(peer, request);
                return;
            }
            if (message instanceof ProtocolMessage.GetHeaders request) {
                peer.send(server.headers(hashes(request.locator()), Hash.fromHex(request.stopHash())));
                return;
            }
            ProtocolMessage.GetBlocks request = (ProtocolMessage.GetBlocks) message;
            long started = System.nanoTime();
            // a hash asked twice is served once: a page is never larger than the distinct blocks asked for
            ProtocolMessage.Blocks page = server.blocks(hashes(request.hashes()).stream().distinct().toList());
            peer.send(page);
            LOG.debugf("Served %d blocks to %s in %d ms", Integer.valueOf(page.blocks().size()), peer,
                    Long.valueOf((System.nanoTime() - started) / 1_000_000));
        } else if (!peer.takeAnswer(message)) {
            penalize(peer, RejectCode.UNSOLICITED, message.getClass().getSimpleName().toUpperCase()
                    + " that was not asked for");
        } else if (message instanceof ProtocolMessage.Headers headers) {
            sync.onHeaders(peer, decodeAll(headers.headers(), BlockHeader::decode));
        } else if (message instanceof ProtocolMessage.Blocks blocks) {
            long started = System.nanoTime();
            List<Block> decoded = decodeAll(blocks.blocks(), Block::decode);
            LOG.debugf("Received %d blocks from %s, decoded in %d ms", Integer.valueOf(decoded.size()), peer,
                    Long.valueOf((System.nanoTime() - started) / 1_000_000));
            sync.onBlocks(peer, decoded);
        }
    }

    private static List<Hash> hashes(List<String> hex) {
        return hex.stream().map(h -> {
            try {
                return Hash.fromHex(h);
            } catch (IllegalArgumentException e) {
                throw new MalformedException("not a hash: " + h);
            }
        }).toList();
    }

    private static <T> List<T> decodeAll(List<String> hex, Function<byte[], T> decoder) {
        List<T> decoded = new ArrayList<>(hex.size());
        for (String item : hex) {
            decoded.add(decoder.apply(Hex.decode(item, "item")));
        }
        return decoded;
    }

    // ---- misbehaviour ----

    /** Sends REJECT and closes, without penalty (wrong network, self, duplicates, limits). */
    void reject(Peer peer, RejectCode code, String reason) {
        peer.send(new ProtocolMessage.Reject(code.name(), bounded(reason)));
        // the close frame says it too: before the channel is up a REJECT cannot be sent
        peer.close(code.name() + ": " + reason);
    }

    /** Our reasons quote what the peer sent at times (a parse error, a type name): bounded as the codec bounds theirs. */
    private static String bounded(String reason) {
        return reason.length() <= P2pLimits.MAX_REJECT_REASON_CHARS ? reason
                : reason.substring(0, P2pLimits.MAX_REJECT_REASON_CHARS);
    }

    /**
     * A line about a peer, a few a minute per IP address ({@link LogLimiter}); every argument that came from the
     * peer is already {@link LogSafe}.
     */
    private void warn(Peer peer, String format, Object... args) {
        String line = logLimiter.line(peer.remoteHost(), String.format(format, args));
        if (line != null) {
            LOG.info(line);
        }
    }

    /**
     * Sends REJECT with the reason and adds the code's misbehaviour: to the proven node key (kept across connections
     * and restarts) or, before the proof, to the connection's IP address. At the threshold the key or the address is
     * banned and the connection closed.
     */
    public void penalize(Peer peer, RejectCode code, String reason) {
        if (peer.isClosing()) {
            return;
        }
        warn(peer, "Peer %s misbehaved: %s %s", peer, code, LogSafe.of(reason));
        peer.send(new ProtocolMessage.Reject(code.name(), bounded(reason)));
        if (!peer.completedHandshake()) {
            // an unknown host that broke the handshake's rules has nothing more to say: closed, and its address
            // carries the points (its next connection is refused before the upgrade once they reach the threshold)
            if (bans.penalizeIp(peer.remoteHost(), code.misbehaviour())) {
                LOG.warnf("Banned address %s until %s", peer.remoteHost(),
                        bans.ipBannedUntil(peer.remoteHost()).map(Instant::toString).orElse("now"));
            }
            peer.close(code.name());
            return;
        }
        int score = peer.addMisbehaviour(code.misbehaviour());
        if (score >= P2pLimits.BAN_THRESHOLD) {
            Instant until = clock.instant().plus(P2pLimits.BAN_DURATION);
            bans.banKey(peer.nodeKey().toHex(), until);
            // its address too, so that one host cannot bring fresh key after fresh key; but not when other proven
            // nodes connect from it (pods behind one egress address), who would be banned for a stranger's deeds
            if (connected.ready().stream().noneMatch(p -> p != peer && p.remoteHost().equals(peer.remoteHost()))) {
                bans.banIp(peer.remoteHost(), until);
            }
            LOG.warnf("Banned %s until %s (misbehaviour %d)", peer, until, score);
            save(peer, "BANNED");
            peer.close("banned: " + code);
        } else {
            save(peer, "ONLINE");
        }
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Our measured round trips, by peer node key (peers not yet measured are left out). */
    public Map<String, Double> latencies() {
        return connected.latencies();
    }

    /**
     * Writes the peer's registry row, once it is worth one ({@link #worthARow}); until then a connected peer is shown
     * from memory ({@link #record}) and a throwaway key that comes and goes leaves nothing behind.
     */
    void save(Peer peer, String status) {
        if (!peer.recorded() && !worthARow(peer, status)) {
            return;
        }
        registry.save(record(peer, status));
        peer.markRecorded();
    }

    /**
     * A key earns a row by backing work with headers or blocks, by staying {@link P2pLimits#UNKNOWN_KEY_PROBATION},
     * by misbehaving (its points must survive a reconnect) or by being banned.
     */
    private boolean worthARow(Peer peer, String status) {
        return "BANNED".equals(status) || peer.misbehaviour() > 0 || peer.verified().work().signum() > 0
                || !peer.connectedAt().plus(P2pLimits.UNKNOWN_KEY_PROBATION).isAfter(clock.instant());
    }

    /** The peer as its registry row says it, now. */
    public PeerStore.PeerRecord record(Peer peer, String status) {
        Instant now = clock.instant();
        Peer.ChainPosition claimed = peer.claimed();
        Peer.ChainPosition verified = peer.verified();
        return new PeerStore.PeerRecord(peer.nodeKey().toHex(), peer.address(), peer.direction().name(),
                status, Double.isNaN(peer.rttMillis()) ? null : peer.rttMillis(), claimed.height(), claimed.work(),
                verified.height(), verified.work(), peer.misbehaviour(),
                bans.keyBannedUntil(peer.nodeKey().toHex()).orElse(null), now, now);
    }
}
