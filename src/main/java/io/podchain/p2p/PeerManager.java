package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.MalformedException;
import io.podchain.chain.Message;
import io.podchain.chain.Rule;
import io.podchain.metrics.NodeMetrics;
import io.podchain.node.NodeIdentity;
import io.podchain.pool.MessageAccepted;
import io.podchain.pool.MessagePool;
import io.podchain.pool.RejectedException;
import io.podchain.store.ApplyResult;
import io.podchain.store.ChainStore;
import io.podchain.store.ChainSummary;
import io.podchain.store.ChainTipChanged;
import io.podchain.store.PeerStore;
import io.podchain.store.TipBlockValidated;
import io.podchain.sync.SyncService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.Connection;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * The connections to other nodes, inbound and outbound: dialling with backoff, routing each message to what
 * handles it (the {@link Handshake}, sync, the store, the pool, the {@link ChainServer}), penalties, relay of new
 * blocks and messages, and the persisted registry of proven peers.
 */
@ApplicationScoped
public class PeerManager {
    private static final Logger LOG = Logger.getLogger(PeerManager.class);
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,253}:\\d{1,5}");
    /** First retry after a failed dial; doubles per failure. */
    private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    /** Longest wait between dials of an address that keeps failing. */
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(30);
    /** PING and PONG are about 40 characters; only messages this short are looked at on the event loop. */
    private static final int MAX_PING_CHARS = 64;
    /** WebSocket close code 1001: the endpoint is going away (shutdown), not an error of the peer. */
    private static final int GOING_AWAY = 1001;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Set<String> knownAddresses = ConcurrentHashMap.newKeySet();
    private final Set<String> selfAddresses = ConcurrentHashMap.newKeySet();
    private final Set<String> dialing = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> dialFailures = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextDial = new ConcurrentHashMap<>();
    private final SeenCache<Hash, String> seenBlocks = new SeenCache<>(P2pLimits.SEEN_CACHE_SIZE);
    /** Blocks this node has announced: each once, whether on validation or after the commit. */
    private final SeenCache<Hash, Boolean> relayedBlocks = new SeenCache<>(P2pLimits.SEEN_CACHE_SIZE);
    private final SeenCache<Hash, String> seenMessages = new SeenCache<>(P2pLimits.SEEN_CACHE_SIZE);
    private volatile Instant lastPing = Instant.EPOCH;
    private volatile Instant lastStatus = Instant.EPOCH;
    private volatile boolean shuttingDown;

    @Inject
    P2pConfig config;
    @Inject
    ChainStore chain;
    @Inject
    MessagePool pool;
    @Inject
    NodeIdentity identity;
    @Inject
    Clock clock;
    @Inject
    PeerStore registry;
    @Inject
    Bans bans;
    @Inject
    Handshake handshake;
    @Inject
    ChainServer server;
    @Inject
    SyncService sync;
    @Inject
    ManagedExecutor executor;
    @Inject
    NodeMetrics metrics;
    @ConfigProperty(name = "quarkus.http.host")
    String httpHost;
    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    void onStart(@Observes @Priority(20) StartupEvent event) {
        registry.markAllOffline(clock.instant());
        bans.load(registry);
        selfAddresses.add(advertisedAddress());
    }

    /**
     * Shutdown begins with a delay ({@code quarkus.shutdown.delay}) during which readiness is already down and the
     * server still runs: peers get a going-away close now, before the server closes connections on its own.
     */
    void onShutdownDelay(@Observes io.quarkus.runtime.ShutdownDelayInitiatedEvent event) {
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
        LOG.infof("Shutting down: closing %d peer connections (going away)", peers.size());
        for (Peer peer : peers.values()) {
            peer.close(new CloseReason(GOING_AWAY, "shutting down"));
        }
    }

    public String advertisedAddress() {
        return config.advertisedAddress().orElse(httpHost + ":" + httpPort);
    }

    // ---- addresses and dialling ----

    /** Addresses to keep connections to (from discovery). Ours and banned ones are skipped when dialling. */
    public void addAddresses(Collection<String> addresses) {
        for (String address : addresses) {
            if (HOST_PORT.matcher(address).matches()) {
                knownAddresses.add(address);
            } else {
                LOG.warnf("Ignoring peer address '%s': not host:port", address);
            }
        }
    }

    /** Addresses that vanished from discovery are no longer dialled; open connections stay until they close. */
    public void retainAddresses(Collection<String> current, Collection<String> staticAddresses) {
        knownAddresses.removeIf(a -> !current.contains(a) && !staticAddresses.contains(a));
    }

    public Set<String> knownAddresses() {
        return Set.copyOf(knownAddresses);
    }

    /** Connected, or connecting, to the node at {@code address}: by the address we dialled or the one it listens on. */
    private boolean isConnectedTo(String address) {
        return peers.values().stream().anyMatch(p -> !p.isClosing() && address.equals(p.address()));
    }

    private long outboundCount() {
        return peers.values().stream().filter(p -> p.direction() == Peer.Direction.OUTBOUND).count() + dialing.size();
    }

    /** Opens a connection unless it is ours, connected, being dialled, backing off or over the limit. */
    void dial(String address) {
        Instant now = clock.instant();
        if (shuttingDown || selfAddresses.contains(address) || bans.ipBannedUntil(Peer.hostOf(address)).isPresent()
                || isConnectedTo(address)
                || nextDial.getOrDefault(address, Instant.EPOCH).isAfter(now)
                || outboundCount() >= config.maxOutbound() || !dialing.add(address)) {
            return;
        }
        BasicWebSocketConnector.create()
                .baseUri("ws://" + address)
                .path("/p2p")
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                // from our own address, as a pod's connections come from its IP: the peer sees who is dialling
                .customizeOptions((connect, options) -> localAddress().ifPresent(options::setLocalAddress))
                .onOpen(connection -> opened(connection, address))
                .onTextMessage(this::received)
                .onClose((connection, reason) -> closed(connection))
                .connect()
                .subscribe().with(connection -> dialing.remove(address), failure -> {
                    dialing.remove(address);
                    backOff(address, null);
                    LOG.debugf("Dial %s failed: %s", address, failure.getMessage());
                });
    }

    /** The HTTP host when it is one address; none when the node listens on every interface. */
    private java.util.Optional<String> localAddress() {
        boolean wildcard = httpHost.equals("0.0.0.0") || httpHost.equals("::") || httpHost.equals("[::]");
        return wildcard || httpHost.equals("localhost") ? java.util.Optional.empty() : java.util.Optional.of(httpHost);
    }

    /** The next dial waits, doubling per failure; {@code until}, when given, is the earliest moment anyway. */
    void backOff(String address, Instant until) {
        int failures = dialFailures.merge(address, 1, Integer::sum);
        long millis = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(failures - 1, 20));
        long jittered = (long) (millis * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        Instant next = clock.instant().plusMillis(jittered);
        nextDial.put(address, until != null && until.isAfter(next) ? until : next);
    }

    void dialSucceeded(String address) {
        dialFailures.remove(address);
        nextDial.remove(address);
    }

    void isSelf(String address) {
        selfAddresses.add(address);
    }

    /** On the event loop: registers the peer at once, so no message can arrive before it is known. */
    private void opened(Connection connection, String address) {
        Peer peer = new Peer(connection, Peer.Direction.OUTBOUND, address, Peer.hostOf(address), challenge(), codec,
                clock.instant());
        peers.put(connection.id(), peer);
        peer.submit(() -> peer.send(handshake.hello(peer)), 0, executor);
    }

    void accepted(Connection connection, String remoteAddress) {
        String ip = Peer.hostOf(remoteAddress);
        Peer peer = new Peer(connection, Peer.Direction.INBOUND, remoteAddress, ip, challenge(), codec,
                clock.instant());
        long inbound = peers.values().stream().filter(p -> p.direction() == Peer.Direction.INBOUND).count();
        long fromIp = peers.values().stream()
                .filter(p -> p.direction() == Peer.Direction.INBOUND && p.remoteHost().equals(ip)).count();
        peers.put(connection.id(), peer);
        java.util.Optional<Instant> banned = bans.ipBannedUntil(ip);
        if (shuttingDown) {
            peer.close(new CloseReason(GOING_AWAY, "shutting down"));
        } else if (banned.isPresent()) {
            reject(peer, RejectCode.BANNED, "banned until " + banned.get());
        } else if (inbound >= config.maxInbound()) {
            reject(peer, RejectCode.TOO_MANY_PEERS, "this node accepts " + config.maxInbound() + " peers");
        } else if (fromIp >= P2pLimits.MAX_INBOUND_PER_IP) {
            reject(peer, RejectCode.TOO_MANY_FROM_IP, "this node accepts " + P2pLimits.MAX_INBOUND_PER_IP
                    + " connections from one address");
        } else {
            peer.submit(() -> peer.send(handshake.hello(peer)), 0, executor);
        }
    }

    private byte[] challenge() {
        byte[] challenge = new byte[HandshakeProof.CHALLENGE_LENGTH];
        random.nextBytes(challenge);
        return challenge;
    }

    void closed(Connection connection) {
        Peer peer = peers.remove(connection.id());
        if (peer == null || shuttingDown) {
            return;
        }
        peer.submit(() -> {
            LOG.debugf("Disconnected %s", peer);
            if (peer.completedHandshake()) {
                save(peer, bans.keyBannedUntil(peer.nodeKey().toHex()).isPresent() ? "BANNED" : "OFFLINE");
            }
            sync.peerGone(peer);
        }, 0, executor);
    }

    // ---- messages ----

    /** On the event loop: cheap checks here, everything else in order on a worker thread. */
    void received(Connection connection, String text) {
        Peer peer = peers.get(connection.id());
        if (peer == null || peer.isClosing() || shuttingDown) {
            return; // a connection we are closing: what it still sends is not its fault, nor our business
        }
        long arrival = System.nanoTime();
        boolean withinRate = peer.tryAcquire(arrival);
        if (withinRate && peer.isReady() && text.length() <= MAX_PING_CHARS && answerPing(peer, text, arrival)) {
            return;
        }
        boolean queued = peer.submit(() -> {
            if (peer.isClosing() || shuttingDown) {
                return;
            }
            if (!withinRate) {
                penalize(peer, RejectCode.RATE_LIMITED, "more than " + P2pLimits.RATE_LIMIT_PER_SECOND + " messages/s");
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
        }, text.length(), executor);
        if (!queued) {
            peer.submit(() -> penalize(peer, RejectCode.FLOODING, "more than " + P2pLimits.MAX_INBOX_CHARS
                    + " characters waiting to be handled"), 0, executor);
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
                }, 0, executor);
            }
            return true;
        }
        return false;
    }

    private void handle(Peer peer, ProtocolMessage message) {
        if (message instanceof ProtocolMessage.Reject reject) {
            LOG.infof("%s rejected: %s %s", peer, reject.code(), reject.reason());
            return;
        }
        if (!peer.isReady()) {
            handshake.handle(peer, message);
            return;
        }
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
            onBlock(peer, announcement);
        } else if (message instanceof ProtocolMessage.MessageGossip gossip) {
            onMessage(peer, gossip);
        } else if (message instanceof ProtocolMessage.GetHeaders request) {
            peer.send(server.headers(hashes(request.locator()), Hash.fromHex(request.stopHash())));
        } else if (message instanceof ProtocolMessage.GetBlocks request) {
            long started = System.nanoTime();
            ProtocolMessage.Blocks page = server.blocks(hashes(request.hashes()));
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

    /** The handshake proved the peer: it is one of our peers from now on. */
    void ready(Peer peer) {
        LOG.infof("Connected %s, which claims height %d", peer, peer.claimed().height());
        save(peer, "ONLINE");
        ping(peer);
        sync.consider();
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

    /**
     * One connection per pair of proven nodes. When both dialled at once, both sides keep the connection dialled by
     * the node with the smaller key, so they agree without talking about it; the other is closed without penalty.
     *
     * @return false when {@code candidate} is the one to close
     */
    boolean keepOverExisting(Peer candidate) {
        Peer existing = peers.values().stream()
                .filter(p -> p != candidate && p.isReady() && candidate.nodeKey().equals(p.nodeKey()))
                .findFirst().orElse(null);
        if (existing == null) {
            return true;
        }
        boolean weAreSmaller = identity.publicKey().toHex().compareTo(candidate.nodeKey().toHex()) < 0;
        Peer.Direction preferred = weAreSmaller ? Peer.Direction.OUTBOUND : Peer.Direction.INBOUND;
        if (candidate.direction() == preferred && existing.direction() != preferred) {
            reject(existing, RejectCode.DUPLICATE_CONNECTION, "keeping the connection dialled by the smaller key");
            return true;
        }
        return false;
    }

    private void onBlock(Peer peer, ProtocolMessage.BlockAnnouncement announcement) {
        Block block = Block.decode(Hex.decode(announcement.block(), "block"));
        if (!seenBlocks.add(block.hash(), peer.connectionId())) {
            return;
        }
        metrics.blockReceived(block);
        ApplyResult result;
        try {
            result = chain.apply(block, null);
        } catch (RuntimeException e) {
            // our side failed (e.g. the database), not the block or its sender: take it again when a peer sends it
            // again, even though it may already have been relayed on validation
            seenBlocks.remove(block.hash());
            LOG.warnf("Could not store block %s from %s (%s); it is taken again when a peer sends it", block.hash(),
                    peer, e);
            return;
        }
        // the peer has a block we checked, so it has at least that block's work
        result.tipChange().ifPresent(change -> peer.verified(new Peer.ChainPosition(change.height(), change.tip(),
                change.cumulativeWork())));
        if (result.accepted()) {
            return;
        }
        seenBlocks.remove(block.hash());
        if (result.violations().stream().allMatch(v -> v.rule() == Rule.UNKNOWN_PARENT)) {
            sync.syncFrom(peer);
        } else if (result.violations().stream().allMatch(v -> v.rule() == Rule.FORK_TOO_DEEP)) {
            // our policy, not a rule the peer broke: a node from a long partition may send such a block honestly
            LOG.debugf("Block %s from %s not stored: %s", block.hash(), peer, result.violations());
        } else {
            metrics.blockRejected(result.violations());
            penalize(peer, RejectCode.INVALID_BLOCK, "block " + block.hash() + ": " + result.violations());
        }
    }

    private void onMessage(Peer peer, ProtocolMessage.MessageGossip gossip) {
        Message message = Message.decode(Hex.decode(gossip.message(), "message"));
        if (!seenMessages.add(message.id(), peer.connectionId())) {
            return;
        }
        try {
            pool.submit(message);
        } catch (RejectedException e) {
            penalize(peer, RejectCode.INVALID_MESSAGE, "message " + message.id() + ": " + e.violations());
        }
    }

    // ---- misbehaviour ----

    /** Sends REJECT and closes, without penalty (wrong network, self, duplicates, limits). */
    void reject(Peer peer, RejectCode code, String reason) {
        peer.send(new ProtocolMessage.Reject(code.name(), reason));
        peer.close(code.name());
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
        LOG.infof("Peer %s misbehaved: %s %s", peer, code, reason);
        peer.send(new ProtocolMessage.Reject(code.name(), reason));
        if (!peer.completedHandshake()) {
            if (bans.penalizeIp(peer.remoteHost(), code.misbehaviour())) {
                LOG.warnf("Banned address %s until %s", peer.remoteHost(), bans.ipBannedUntil(peer.remoteHost()));
                peer.close("banned: " + code);
            }
            return;
        }
        int score = peer.addMisbehaviour(code.misbehaviour());
        if (score >= P2pLimits.BAN_THRESHOLD) {
            Instant until = clock.instant().plus(P2pLimits.BAN_DURATION);
            bans.banKey(peer.nodeKey().toHex(), until);
            LOG.warnf("Banned %s until %s (misbehaviour %d)", peer, until, score);
            save(peer, "BANNED");
            peer.close("banned: " + code);
        } else {
            save(peer, "ONLINE");
        }
    }

    // ---- relay ----

    /** A block about to become the tip is announced as soon as it is valid, not after it is written. */
    void onTipBlockValidated(@Observes TipBlockValidated validated) {
        if (!sync.isApplyingSyncBlocks()) {
            relay(validated.block());
        }
    }

    void onTipChanged(@Observes ChainTipChanged change) {
        if (sync.isApplyingSyncBlocks()) {
            return;
        }
        List<Hash> connected = change.connected();
        List<Hash> toAnnounce = connected.size() > P2pLimits.MAX_BLOCKS_RELAYED_PER_TIP_CHANGE
                ? List.of(change.tip()) : connected;
        List<Block> blocks = toAnnounce.equals(List.of(change.tip())) ? List.of(change.tipBlock())
                : chain.blocks(toAnnounce);
        blocks.forEach(this::relay);
    }

    /** Announces {@code block} to every ready peer but the one it came from, unless it was announced already. */
    private void relay(Block block) {
        if (!relayedBlocks.add(block.hash(), Boolean.TRUE)) {
            return;
        }
        seenBlocks.add(block.hash(), "");
        String source = seenBlocks.get(block.hash());
        metrics.blocksRelayed(broadcast(new ProtocolMessage.BlockAnnouncement(Hex.encode(block.canonicalBytes())),
                source));
    }

    void onMessageAccepted(@Observes MessageAccepted accepted) {
        Message message = accepted.message();
        seenMessages.add(message.id(), "");
        broadcast(new ProtocolMessage.MessageGossip(Hex.encode(message.canonicalBytes())),
                seenMessages.get(message.id()));
    }

    /** To every ready peer but the one the item came from, concurrently (sends do not wait for each other). */
    private int broadcast(ProtocolMessage message, String exceptConnectionId) {
        int sent = 0;
        for (Peer peer : peers.values()) {
            if (peer.isReady() && !peer.connectionId().equals(exceptConnectionId)) {
                peer.send(message);
                sent++;
            }
        }
        return sent;
    }

    // ---- housekeeping ----

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (shuttingDown) {
            return;
        }
        Instant now = clock.instant();
        for (String address : knownAddresses) {
            dial(address);
        }
        for (Peer peer : peers.values()) {
            if (!peer.isReady() && !peer.isClosing()
                    && peer.connectedAt().plus(P2pLimits.HANDSHAKE_TIMEOUT).isBefore(now)) {
                reject(peer, RejectCode.HANDSHAKE_TIMEOUT, "no proven handshake within " + P2pLimits.HANDSHAKE_TIMEOUT);
            }
        }
        if (lastPing.plus(P2pLimits.PING_INTERVAL).isBefore(now)) {
            lastPing = now;
            readyPeers().forEach(this::ping);
        }
        if (lastStatus.plus(P2pLimits.STATUS_INTERVAL).isBefore(now)) {
            lastStatus = now;
            ChainSummary summary = chain.summary();
            ProtocolMessage status = new ProtocolMessage.Status(summary.height(), summary.tip().hash().toHex(),
                    summary.cumulativeWork().toString(), latencies());
            readyPeers().forEach(p -> p.send(status));
        }
        sync.tick();
    }

    private void ping(Peer peer) {
        long nonce = random.nextLong();
        peer.startPing(nonce, System.nanoTime());
        peer.send(new ProtocolMessage.Ping(nonce));
    }

    /** Our measured round trips, by peer node key (peers not yet measured are left out). */
    public Map<String, Double> latencies() {
        Map<String, Double> latencies = new HashMap<>();
        for (Peer peer : readyPeers()) {
            if (!Double.isNaN(peer.rttMillis())) {
                latencies.put(peer.nodeKey().toHex(), peer.rttMillis());
            }
        }
        return latencies;
    }

    public List<Peer> readyPeers() {
        return peers.values().stream().filter(Peer::isReady).toList();
    }

    void save(Peer peer, String status) {
        Instant now = clock.instant();
        Peer.ChainPosition claimed = peer.claimed();
        Peer.ChainPosition verified = peer.verified();
        registry.save(new PeerStore.PeerRecord(peer.nodeKey().toHex(), peer.address(), peer.direction().name(),
                status, Double.isNaN(peer.rttMillis()) ? null : peer.rttMillis(), claimed.height(), claimed.work(),
                verified.height(), verified.work(), peer.misbehaviour(),
                bans.keyBannedUntil(peer.nodeKey().toHex()).orElse(null), now, now));
    }
}
