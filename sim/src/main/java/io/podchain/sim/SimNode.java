package io.podchain.sim;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.MerkleTree;
import io.podchain.chain.Message;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.SigningKey;
import io.podchain.chain.VerifiedSignatures;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.MessagesAccepted;
import io.podchain.ledger.TipBlockValidated;
import io.podchain.p2p.Network;
import io.podchain.p2p.NodeKey;
import io.podchain.p2p.P2pConfig;
import io.podchain.sync.SyncService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated pod: the kernel's {@link Network} and sync on this node's ports (its chain, pool and peer table,
 * which are its database and survive a crash; its scheduler and clock; the simulated network as its transport).
 * A crash throws the process away (connections, caches, queues, timers); a restart builds a new one on the same
 * database, as a pod's container restarts on its volume.
 */
final class SimNode {
    static final int PORT = 9000;

    private final int index;
    private final String ip;
    private final SigningKey key;
    private final SimScheduler scheduler;
    private final SimClock clock;
    private final SimPool pool;
    private final SimChain chain;
    private final SimRegistry registry = new SimRegistry();
    private final SimNetwork net;
    private final ChainParams params;
    private final BlockValidator validator;
    private final P2pConfig config;
    private final List<String> addresses;
    private final Simulation.Observer observer;
    private List<SimLink> links = new ArrayList<>();
    private Network network;
    private boolean up;

    SimNode(int index, SigningKey key, SimNetwork net, ChainParams params, VerifiedSignatures verified,
            Block genesis, P2pConfig config, List<String> addresses, long seed, long startMillis,
            Simulation.Observer observer, int maxForkDepth, Simulation.Plant plant) {
        this.index = index;
        this.ip = ipOf(index);
        this.key = key;
        this.net = net;
        this.params = params;
        this.config = config.withAdvertisedAddress(ip + ":" + PORT);
        this.addresses = addresses;
        this.observer = observer;
        this.scheduler = new SimScheduler(net.loop(), seed, index);
        this.clock = new SimClock(net.loop(), startMillis);
        this.pool = new SimPool(clock);
        this.validator = new BlockValidator(params, clock::millis, verified);
        this.chain = new SimChain(validator, genesis, maxForkDepth, 1_000, pool,
                plant == Simulation.Plant.REORG_DROPS_MESSAGES);
        chain.listen(new SimChain.Listener() {
            @Override
            public void validated(TipBlockValidated validated) {
                network.tipBlockValidated(validated);
            }

            @Override
            public void stored(Block block) {
                observer.stored(SimNode.this, block);
            }

            @Override
            public void tipChanged(ChainTipChanged change) {
                network.tipChanged(change);
            }
        });
        // the pool publishes after its commit: the inventory hears of it as a later event
        pool.onAccepted(messages -> scheduler.execute(() -> {
            if (up) {
                network.messagesAccepted(new MessagesAccepted(messages));
            }
        }));
    }

    static String ipOf(int index) {
        int n = index + 1;
        return "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    /** Starts the process: a new network on the node's database, told every address (a headless Service's answer). */
    void start() {
        up = true;
        links = new ArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Network.Follower follower = (connected, discipline) -> new SyncService(chain, connected, discipline,
                Duration.ofSeconds(2), true, meters, clock, scheduler);
        network = new Network(new Network.Ports(params, validator, chain, pool, registry,
                NodeKey.of(key), follower, scheduler, clock, config, net.transportOf(index), meters, ip, PORT));
        network.connections().start();
        network.connections().addAddresses(addresses);
    }

    /** The process dies now: nothing it had in memory survives; its database (chain, pool, peer table) does. */
    void crash() {
        up = false;
        scheduler.crash();
        net.crashed(this);
        network = null;
    }

    /** Mines a block on its tip with its oldest pending messages, at the network's difficulty (real proof of work). */
    Block mine() {
        BlockHeader tip = chain.tip();
        List<Message> messages = pool.oldestPending(params.maxBlockMessages());
        messages = messages.stream().filter(m -> chain.alreadyInBranch(tip.hash(), List.of(m.id())).isEmpty())
                .toList();
        // as many as the block's byte bound holds, oldest first (the header and counts take the rest)
        int room = params.maxBlockBytes() - new Block(tip, List.of()).encodedSize();
        int fit = 0;
        for (Message message : messages) {
            room -= message.encodedSize();
            if (room < 0) {
                break;
            }
            fit++;
        }
        messages = messages.subList(0, fit);
        long timestamp = Math.max(clock.millis(), validator.earliestTimestamp(tip, chain));
        int difficulty = validator.expectedDifficulty(tip, chain);
        BlockHeader template = BlockHeader.signed(ConsensusLimits.BLOCK_VERSION, tip.height() + 1, tip.hash(),
                MerkleTree.root(messages.stream().map(Message::id).toList()), timestamp, difficulty, key);
        BlockHeader.NonceHasher hasher = template.nonceHasher();
        long nonce = 0;
        while (!ProofOfWork.meets(hasher.hash(nonce), difficulty)) {
            nonce++;
        }
        Block block = new Block(template.withNonce(nonce), messages);
        chain.applyOwn(block);
        return block;
    }

    int index() {
        return index;
    }

    String ip() {
        return ip;
    }

    String address() {
        return ip + ":" + PORT;
    }

    SimScheduler scheduler() {
        return scheduler;
    }

    SimClock clock() {
        return clock;
    }

    Network network() {
        return network;
    }

    SimChain chain() {
        return chain;
    }

    SimPool pool() {
        return pool;
    }

    SimRegistry registry() {
        return registry;
    }

    List<SimLink> links() {
        return links;
    }

    boolean isUp() {
        return up;
    }

    SigningKey key() {
        return key;
    }
}
