package io.podchain.p2p;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.chain.Genesis;
import io.podchain.chain.Message;
import io.podchain.chain.SigningKey;
import io.podchain.testing.TestBlocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node's network parts without a node: the handshake, the relay and the message inventory wired as the node
 * wires them, to the real ban book, discipline, dialler and connected peers, with the chain, the messages and the
 * peer registry held in memory and a chain follower that counts what it is told. Peers are {@link PeerLink}s.
 */
final class NodeParts {
    /** Retargets every 4 blocks at difficulty 4: blocks are mined in microseconds. */
    static final ChainParams PARAMS = new ChainParams("p2p-unit", 4, 1, 4, Duration.ofSeconds(10));
    static final Block GENESIS = Genesis.create(PARAMS);
    /** A year after genesis: every block the tests mine near genesis is in the past. */
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(Genesis.TIMESTAMP).plus(Duration.ofDays(365)),
            ZoneOffset.UTC);

    /** Counts what the network tells whoever follows the chain. */
    static final class Follower implements ChainFollower {
        final AtomicInteger considered = new AtomicInteger();

        @Override
        public void consider() {
            considered.incrementAndGet();
        }

        @Override
        public void onHeaders(Peer peer, List<BlockHeader> headers) {
        }

        @Override
        public void onBlocks(Peer peer, List<Block> blocks) {
        }

        @Override
        public void peerGone(Peer peer) {
        }

        @Override
        public void tick() {
        }
    }

    /** The dialler's transport: the links make the connections here, so nothing is dialled. */
    private static final Transport NO_TRANSPORT = (address, events, result) -> result.failed("no network here");

    final String ip;
    final SigningKey key;
    final ScheduledExecutorService timer;
    final Scheduler scheduler;
    final BlockValidator validator = new BlockValidator(PARAMS, CLOCK::millis);
    final MemoryChain chain = new MemoryChain(validator, GENESIS);
    final MemoryMessages messages = new MemoryMessages(CLOCK);
    final MemoryPeerRegistry registry = new MemoryPeerRegistry();
    final ConnectedPeers connected = new ConnectedPeers();
    final Bans bans = new Bans(CLOCK);
    final P2pMetrics metrics = new P2pMetrics(new SimpleMeterRegistry(), CLOCK);
    final PeerDiscipline discipline = new PeerDiscipline(connected, bans, registry, CLOCK, metrics);
    final Follower follower = new Follower();
    final P2pConfig config;
    final Dialer dialer;
    final Handshake handshake;
    final Relay relay;
    final MessageInventory inventory;
    final PeerShared shared;

    /** A node at {@code ip}, its key from {@code label}, accepting {@code maxInbound} proven peers. */
    NodeParts(String label, String ip, int maxInbound, ScheduledExecutorService timer) {
        this.ip = ip;
        this.key = TestBlocks.key(label);
        this.timer = timer;
        this.scheduler = TestScheduler.of(Runnable::run, timer);
        this.config = P2pConfig.defaults().withMaxInbound(maxInbound);
        this.dialer = new Dialer(config, CLOCK, bans, connected, NO_TRANSPORT, scheduler, ip, 9000);
        this.inventory = new MessageInventory(messages, connected, discipline, metrics, scheduler);
        this.handshake = new Handshake(chain, PARAMS, NodeKey.of(key), registry, bans, CLOCK, discipline, dialer,
                connected, config, follower, inventory);
        this.relay = new Relay(chain, connected, follower, metrics, discipline, validator);
        this.shared = new PeerShared(new ProtocolCodec(), new TrafficBudget(), TestScheduler.of(Runnable::run, timer));
    }

    NodeParts(String label, String ip, ScheduledExecutorService timer) {
        this(label, ip, 32, timer);
    }

    /** A whole node's network as {@link Network} assembles it, on this node's in-memory ports. */
    static Network network(String label, String ip) {
        NodeParts parts = new NodeParts(label, ip, null);
        return new Network(new Network.Ports(PARAMS, parts.validator, parts.chain, parts.messages, parts.registry,
                NodeKey.of(parts.key), (connected, discipline) -> parts.follower, parts.scheduler, CLOCK, parts.config, NO_TRANSPORT,
                new SimpleMeterRegistry(), ip, 9000));
    }

    String address() {
        return ip + ":9000";
    }

    /** A block on our tip, mined by {@code miner}, with {@code messages}. */
    Block nextBlock(SigningKey miner, List<Message> messages) {
        BlockHeader tip = chain.tip();
        return TestBlocks.mine(tip, validator.expectedDifficulty(tip, chain.context()),
                validator.earliestTimestamp(tip, chain.context()), messages, miner);
    }
}
