package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.MalformedException;
import io.podchain.chain.Message;
import io.podchain.chain.PublicKey;
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
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.Connection;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Every peer connection, inbound and outbound: dialling with backoff, the HELLO handshake, pings, status,
 * misbehaviour and bans, relay of new blocks and messages, and the persisted registry. Sync-related answers go to
 * {@link SyncService}; blocks go to {@link ChainStore#apply}, the one path of every block.
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

    private final ProtocolCodec codec = new ProtocolCodec();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Set<String> knownAddresses = ConcurrentHashMap.newKeySet();
    private final Set<String> selfAddresses = ConcurrentHashMap.newKeySet();
    private final Set<String> dialing = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> dialFailures = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextDial = new ConcurrentHashMap<>();
    private final Map<String, Instant> bans = new ConcurrentHashMap<>();
    private final SeenCache<Hash, String> seenBlocks = new SeenCache<>(P2pLimits.SEEN_CACHE_SIZE);
    /** Blocks this node has announced: each once, whether on validation or after the commit. */
    private final SeenCache<Hash, Boolean> relayedBlocks = new SeenCache<>(P2pLimits.SEEN_CACHE_SIZE);
    private final SeenCache<Hash, String> seenMessages = new SeenCache<>(P2pLimits.SEEN_CACHE_SIZE);
    private volatile Instant lastPing = Instant.EPOCH;
    private volatile Instant lastStatus = Instant.EPOCH;

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
        bans.putAll(registry.bans(clock.instant()));
        selfAddresses.add(advertisedAddress());
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

    private boolean isConnectedTo(String address) {
        return peers.values().stream().anyMatch(p -> address.equals(p.address()));
    }

    private long outboundCount() {
        return peers.values().stream().filter(p -> p.direction() == Peer.Direction.OUTBOUND).count() + dialing.size();
    }

    /** Bans hold on to an address (host:port) or a bare IP, whichever the peer is known by. */
    private boolean isBanned(String address, Instant now) {
        Instant until = bans.get(address);
        return until != null && until.isAfter(now);
    }

    /** Opens a connection unless it is ours, banned, connected, being dialled, backing off or over the limit. */
    void dial(String address) {
        Instant now = clock.instant();
        if (selfAddresses.contains(address) || isBanned(address, now) || isBanned(Peer.hostOf(address), now)
                || isConnectedTo(address)
                || nextDial.getOrDefault(address, Instant.EPOCH).isAfter(now)
                || outboundCount() >= config.maxOutbound() || !dialing.add(address)) {
            return;
        }
        BasicWebSocketConnector.create()
                .baseUri("ws://" + address)
                .path("/p2p")
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onOpen(connection -> opened(connection, address))
                .onTextMessage(this::received)
                .onClose((connection, reason) -> closed(connection))
                .connect()
                .subscribe().with(connection -> dialing.remove(address), failure -> {
                    dialing.remove(address);
                    backOff(address);
                    LOG.debugf("Dial %s failed: %s", address, failure.getMessage());
                });
    }

    private void backOff(String address) {
        int failures = dialFailures.merge(address, 1, Integer::sum);
        long millis = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(failures - 1, 20));
        long jittered = (long) (millis * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        nextDial.put(address, clock.instant().plusMillis(jittered));
    }

    /** On the event loop: registers the peer at once, so no message can arrive before it is known. */
    private void opened(Connection connection, String address) {
        Peer peer = new Peer(connection, Peer.Direction.OUTBOUND, address, codec, clock.instant());
        peers.put(connection.id(), peer);
        peer.submit(() -> peer.send(hello()), executor);
    }

    void accepted(Connection connection, String remoteAddress) {
        Peer peer = new Peer(connection, Peer.Direction.INBOUND, remoteAddress, codec, clock.instant());
        long inbound = peers.values().stream().filter(p -> p.direction() == Peer.Direction.INBOUND).count();
        peers.put(connection.id(), peer);
        if (isBanned(peer.remoteHost(), clock.instant())) {
            reject(peer, RejectCode.BANNED, "banned until " + bans.get(peer.remoteHost()));
        } else if (inbound >= config.maxInbound()) {
            reject(peer, RejectCode.TOO_MANY_PEERS, "this node accepts " + config.maxInbound() + " peers");
        }
    }

    void closed(Connection connection) {
        Peer peer = peers.remove(connection.id());
        if (peer == null) {
            return;
        }
        peer.submit(() -> {
            LOG.debugf("Disconnected %s", peer);
            if (peer.completedHandshake()) {
                save(peer, isBanned(peer.address(), clock.instant()) ? "BANNED" : "OFFLINE");
            }
            sync.peerGone(peer);
        }, executor);
    }

    // ---- messages ----

    /** On the event loop: cheap checks here, everything else in order on a worker thread. */
    void received(Connection connection, String text) {
        Peer peer = peers.get(connection.id());
        if (peer == null) {
            return;
        }
        long arrival = System.nanoTime();
        boolean withinRate = peer.tryAcquire(arrival);
        if (withinRate && peer.completedHandshake() && text.length() <= MAX_PING_CHARS && answerPing(peer, text, arrival)) {
            return;
        }
        peer.submit(() -> {
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
            }
        }, executor);
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
                    save(peer, "ONLINE");
                    sync.consider();
                }, executor);
            }
            return true;
        }
        return false;
    }

    private void handle(Peer peer, ProtocolMessage message) {
        if (message instanceof ProtocolMessage.Hello hello) {
            handshake(peer, hello);
            return;
        }
        if (message instanceof ProtocolMessage.Reject reject) {
            LOG.infof("%s rejected: %s %s", peer, reject.code(), reject.reason());
            return;
        }
        if (!peer.isReady()) {
            penalize(peer, RejectCode.BAD_HANDSHAKE, "HELLO must come first");
            peer.close("no handshake");
            return;
        }
        if (message instanceof ProtocolMessage.Ping ping) {
            peer.send(new ProtocolMessage.Pong(ping.nonce()));
        } else if (message instanceof ProtocolMessage.Pong pong) {
            if (peer.completePing(pong.nonce(), System.nanoTime())) {
                save(peer, "ONLINE");
                sync.consider();
            }
        } else if (message instanceof ProtocolMessage.Status status) {
            peer.updateTip(status.height(), Hash.fromHex(status.tipHash()), new BigInteger(status.cumulativeWork()));
            peer.reportLatencies(status.latencies());
            sync.consider();
        } else if (message instanceof ProtocolMessage.BlockAnnouncement announcement) {
            onBlock(peer, announcement);
        } else if (message instanceof ProtocolMessage.MessageGossip gossip) {
            onMessage(peer, gossip);
        } else if (message instanceof ProtocolMessage.GetHeaders request) {
            peer.send(new ProtocolMessage.Headers(chain.headersAfter(hashes(request.locator()),
                    Hash.fromHex(request.stopHash()), P2pLimits.MAX_HEADERS_PER_MESSAGE).stream()
                    .map(h -> Hex.encode(h.canonicalBytes())).toList()));
        } else if (message instanceof ProtocolMessage.GetBlocks request) {
            long started = System.nanoTime();
            List<Block> served = chain.blocks(hashes(request.hashes()));
            long read = System.nanoTime();
            peer.send(new ProtocolMessage.Blocks(page(served)));
            LOG.debugf("Served %d blocks to %s: read %d ms, encode and send %d ms", served.size(), peer,
                    (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
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

    /** Blocks in hex, in order, as many as fit in {@link P2pLimits#MAX_PAGE_BYTES}; the asker asks for the rest. */
    private static List<String> page(List<Block> blocks) {
        List<String> page = new ArrayList<>();
        long bytes = 0;
        for (Block block : blocks) {
            String hex = Hex.encode(block.canonicalBytes());
            if (!page.isEmpty() && bytes + hex.length() > P2pLimits.MAX_PAGE_BYTES) {
                break;
            }
            bytes += hex.length();
            page.add(hex);
        }
        return page;
    }

    private ProtocolMessage.Hello hello() {
        ChainSummary summary = chain.summary();
        return new ProtocolMessage.Hello(P2pLimits.PROTOCOL_VERSION, summary.networkId(),
                summary.genesisHash().toHex(), identity.publicKey().toHex(), advertisedAddress(), summary.height(),
                summary.tip().hash().toHex(), summary.cumulativeWork().toString());
    }

    private void handshake(Peer peer, ProtocolMessage.Hello hello) {
        if (peer.isReady()) {
            penalize(peer, RejectCode.BAD_HANDSHAKE, "HELLO twice");
            return;
        }
        ChainSummary ours = chain.summary();
        if (hello.protocolVersion() != P2pLimits.PROTOCOL_VERSION) {
            reject(peer, RejectCode.WRONG_PROTOCOL_VERSION, "this node speaks version " + P2pLimits.PROTOCOL_VERSION);
            return;
        }
        if (!ours.networkId().equals(hello.networkId())) {
            reject(peer, RejectCode.WRONG_NETWORK, "this node is on network " + ours.networkId());
            return;
        }
        if (!ours.genesisHash().toHex().equals(hello.genesisHash())) {
            reject(peer, RejectCode.WRONG_GENESIS, "this network's genesis is " + ours.genesisHash());
            return;
        }
        PublicKey key = PublicKey.fromHex(hello.nodeKey());
        if (key.equals(identity.publicKey())) {
            if (peer.direction() == Peer.Direction.OUTBOUND) {
                selfAddresses.add(peer.address());
            }
            reject(peer, RejectCode.SELF, "connected to itself");
            return;
        }
        String address = peer.direction() == Peer.Direction.OUTBOUND ? peer.address()
                : reachableAddress(hello.advertisedAddress(), peer.remoteHost());
        if (!HOST_PORT.matcher(address).matches()) {
            penalize(peer, RejectCode.MALFORMED, "advertised address is not host:port");
            return;
        }
        if (isBanned(address, clock.instant())) {
            reject(peer, RejectCode.BANNED, "banned until " + bans.get(address));
            return;
        }
        if (!keepOverExisting(peer, key)) {
            reject(peer, RejectCode.DUPLICATE_CONNECTION, "already connected to " + key);
            return;
        }
        peer.markReady(key, address);
        peer.updateTip(hello.height(), Hash.fromHex(hello.tipHash()), new BigInteger(hello.cumulativeWork()));
        if (peer.direction() == Peer.Direction.INBOUND) {
            peer.send(hello());
        } else {
            dialFailures.remove(address);
            nextDial.remove(address);
        }
        LOG.infof("Connected %s at height %d", peer, hello.height());
        save(peer, "ONLINE");
        ping(peer);
        sync.consider();
    }

    /**
     * A node listening on every interface (0.0.0.0, as in a container) advertises that; the address its peers can
     * dial is the one its connection came from, with the advertised port.
     */
    static String reachableAddress(String advertised, String remoteHost) {
        String host = Peer.hostOf(advertised);
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return remoteHost + advertised.substring(host.length());
        }
        return advertised;
    }

    /**
     * One connection per pair of nodes. When both dialled at once, both sides keep the connection dialled by the
     * node with the smaller key, so they agree without talking about it.
     */
    private boolean keepOverExisting(Peer candidate, PublicKey key) {
        Optional<Peer> existing = peers.values().stream()
                .filter(p -> p != candidate && p.isReady() && key.equals(p.nodeKey())).findFirst();
        if (existing.isEmpty()) {
            return true;
        }
        boolean weAreSmaller = identity.publicKey().toHex().compareTo(key.toHex()) < 0;
        Peer.Direction preferred = weAreSmaller ? Peer.Direction.OUTBOUND : Peer.Direction.INBOUND;
        if (candidate.direction() == preferred && existing.get().direction() != preferred) {
            reject(existing.get(), RejectCode.DUPLICATE_CONNECTION, "keeping the connection dialled by the smaller key");
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
        if (block.height() > peer.height()) {
            peer.updateTip(block.height(), block.hash(), peer.cumulativeWork());
        }
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
        if (result.accepted()) {
            return;
        }
        seenBlocks.remove(block.hash());
        if (result.violations().stream().allMatch(v -> v.rule() == Rule.UNKNOWN_PARENT)) {
            sync.syncFrom(peer);
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
    private void reject(Peer peer, RejectCode code, String reason) {
        peer.send(new ProtocolMessage.Reject(code.name(), reason));
        peer.close(code.name());
    }

    /** Sends REJECT with the reason, adds the code's misbehaviour, bans and disconnects at the threshold. */
    public void penalize(Peer peer, RejectCode code, String reason) {
        LOG.infof("Peer %s misbehaved: %s %s", peer, code, reason);
        peer.send(new ProtocolMessage.Reject(code.name(), reason));
        int score = peer.addMisbehaviour(code.misbehaviour());
        if (score >= P2pLimits.BAN_THRESHOLD) {
            Instant until = clock.instant().plus(P2pLimits.BAN_DURATION);
            bans.put(peer.address(), until);
            if (peer.direction() == Peer.Direction.INBOUND) {
                // an inbound peer chooses the address it advertises; the IP it connects from it cannot
                bans.put(peer.remoteHost(), until);
            }
            LOG.warnf("Banned %s until %s (misbehaviour %d)", peer, until, score);
            save(peer, "BANNED");
            peer.close("banned: " + code);
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
        Instant now = clock.instant();
        for (String address : knownAddresses) {
            dial(address);
        }
        for (Peer peer : peers.values()) {
            if (!peer.isReady() && peer.connectedAt().plus(P2pLimits.HANDSHAKE_TIMEOUT).isBefore(now)) {
                reject(peer, RejectCode.BAD_HANDSHAKE, "no HELLO within " + P2pLimits.HANDSHAKE_TIMEOUT);
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

    private void save(Peer peer, String status) {
        Instant now = clock.instant();
        registry.save(new PeerStore.PeerRecord(peer.address(), peer.nodeKey() == null ? null : peer.nodeKey().toHex(),
                peer.direction().name(), status, Double.isNaN(peer.rttMillis()) ? null : peer.rttMillis(),
                peer.height(), peer.cumulativeWork(), peer.tip() == null ? null : peer.tip().toHex(),
                peer.misbehaviour(), bans.get(peer.address()), now, now));
    }
}
