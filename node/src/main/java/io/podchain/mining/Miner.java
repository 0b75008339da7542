package io.podchain.mining;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ChainParams;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.MerkleTree;
import io.podchain.chain.Message;
import io.podchain.identity.NodeIdentity;
import io.podchain.ledger.MessagesAccepted;
import io.podchain.ledger.ApplyResult;
import io.podchain.store.ChainStore;
import io.podchain.store.ChainWriter;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.store.MessageStore;
import io.podchain.store.NextBlock;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Mines blocks on the tip: on demand ({@link #mineOnce()}) and, when enabled, on its own thread whenever messages are
 * pending. Auto-mining is paced ({@link MiningConfig#pace()}): a block is searched for only from a fixed share of
 * the target block time after its parent, and a running search takes in messages that arrived since its template
 * every {@link #TEMPLATE_REFRESH}, so a message waits for a block about as long as a block takes, not for one
 * block more.
 */
@ApplicationScoped
public class Miner {
    private static final Logger LOG = Logger.getLogger(Miner.class);
    /** Templates tried by one {@link #mineOnce()} before giving up: each lost race against a new tip costs one. */
    private static final int MAX_TEMPLATE_ATTEMPTS = 10;
    /**
     * A search older than this restarts with the messages that arrived meanwhile: short against the 2 s default
     * block time, long against a template's cost (one pool read). Proof of work is memoryless: nothing is lost.
     */
    static final Duration TEMPLATE_REFRESH = Duration.ofMillis(500);
    /** The most a pace may take of the target block time: the race needs some room to spread the miners. */
    static final double MAX_PACE = 0.9;

    private final ChainStore chain;
    private final ChainWriter writer;
    private final MessageStore messages;
    private final NodeIdentity identity;
    private final Clock clock;
    private final MiningConfig config;
    private final ChainParams params;
    private final NonceSearch search;
    private final MiningGate gate;
    /** Why auto-mining waited last time: said once in the log, and once more when it mines again. */
    private volatile String held;
    private final ReentrantLock oneSearchAtATime = new ReentrantLock();
    private final AtomicLong tipVersion = new AtomicLong();
    private final AtomicLong acceptedVersion = new AtomicLong();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private volatile Thread loop;
    private volatile boolean waitingForMessages;

    Miner(ChainStore chain, ChainWriter writer, MessageStore messages, NodeIdentity identity, Clock clock, MiningConfig config,
            ChainParams params, MiningGate gate) {
        if (!(config.pace() >= 0 && config.pace() <= MAX_PACE)) {
            throw new IllegalArgumentException("podchain.mining.pace must be between 0 and " + MAX_PACE);
        }
        this.chain = chain;
        this.writer = writer;
        this.messages = messages;
        this.identity = identity;
        this.clock = clock;
        this.config = config;
        this.params = params;
        this.gate = gate;
        this.search = new NonceSearch(config.threads(), config.cpuShare());
    }

    void onTipChanged(@Observes ChainTipChanged change) {
        tipVersion.incrementAndGet();
        wake();
    }

    /** Wakes the loop only when it waits for messages: while it waits for the pace, new messages change nothing. */
    void onAccepted(@Observes MessagesAccepted accepted) {
        acceptedVersion.incrementAndGet();
        if (waitingForMessages) {
            wake();
        }
    }

    /** After the chain is initialised ({@code NodeStartup}, priority 10). */
    void onStart(@Observes @Priority(20) StartupEvent event, MeterRegistry registry) {
        FunctionCounter.builder("podchain.mining.hashes", this, Miner::hashesTried)
                .description("nonces tried (rate() = hash rate)").register(registry);
        if (config.auto()) {
            Thread thread = new Thread(this::autoMine, "podchain-auto-mining");
            thread.setDaemon(true);
            loop = thread;
            thread.start();
        }
    }

    private void wake() {
        Thread thread = loop;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Waits for pending messages and for the pace, then mines; new tips and new messages wake it early. */
    private void autoMine() {
        while (!shuttingDown.get()) {
            try {
                long acceptedBefore = acceptedVersion.get();
                if (messages.pendingCount() == 0) {
                    waitingForMessages = true;
                    if (acceptedVersion.get() == acceptedBefore) { // nothing admitted since the count
                        LockSupport.parkNanos(config.pollInterval().toNanos());
                    }
                    waitingForMessages = false;
                    continue;
                }
                long wait = pacedStart() - clock.millis();
                if (wait > 0) {
                    LockSupport.parkNanos(Duration.ofMillis(wait).toNanos());
                    continue;
                }
                if (heldBack()) {
                    LockSupport.parkNanos(config.pollInterval().toNanos());
                    continue;
                }
                mine(false);
            } catch (RuntimeException e) {
                if (!shuttingDown.get()) {
                    LOG.warnf("Auto-mining failed (%s); trying again in %s", e.toString(), config.pollInterval());
                    LockSupport.parkNanos(config.pollInterval().toNanos());
                }
            }
        }
    }

    /** True while the {@link MiningGate} holds auto-mining back; each change is said once in the log. */
    private boolean heldBack() {
        String reason = gate.holdReason().orElse(null);
        if (reason != null && !reason.equals(held)) {
            LOG.infof("Not mining: %s", reason);
        } else if (reason == null && held != null) {
            LOG.info("Mining again: the node has the peers its readiness needs");
        }
        held = reason;
        return reason != null;
    }

    /** When a child of the tip may be searched for: the pace after the tip's timestamp. */
    private long pacedStart() {
        return pacedStart(chain.nextBlock().parent().timestamp());
    }

    /**
     * The pace after the parent's timestamp, or after now when the parent claims a later time: a timestamp ahead of
     * our clock (within {@code MAX_FUTURE_DRIFT}) must not hold mining back by as much as it claims.
     */
    private long pacedStart(long parentTimestamp) {
        return Math.min(parentTimestamp, clock.millis()) + paceMillis();
    }

    private long paceMillis() {
        return (long) (config.pace() * params.targetBlockTime().toMillis());
    }

    /** Mines one block of pending messages (possibly none: the operator asked) onto the tip, now. */
    public Optional<Block> mineOnce() {
        return mine(true);
    }

    /**
     * Mines one block onto the tip; empty when every attempt lost a race or, unless {@code allowEmpty} (the
     * operator's call, which retries lost races at once), when the tip is younger than the pace, when a race was
     * lost (auto-mining paces its next search after the new tip) or when nothing is left to mine: a node that lost
     * the race for its messages (another node's block confirmed them) abandons the template instead of mining an
     * empty block that would only race the winner's successors.
     */
    private Optional<Block> mine(boolean allowEmpty) {
        oneSearchAtATime.lock();
        try {
            for (int attempt = 0; attempt < MAX_TEMPLATE_ATTEMPTS && !shuttingDown.get(); ) {
                long version = tipVersion.get();
                long accepted = acceptedVersion.get();
                long started = System.nanoTime();
                Template template = template();
                long refreshAt = System.nanoTime() + TEMPLATE_REFRESH.toNanos();
                LOG.debugf("Template of %d messages at height %d in %d ms", Integer.valueOf(template.messages().size()),
                        Long.valueOf(template.header().height()), Long.valueOf((System.nanoTime() - started) / 1_000_000));
                if (!allowEmpty && (template.messages().isEmpty()
                        || clock.millis() < pacedStart(template.parentTimestamp()))) {
                    return Optional.empty();
                }
                boolean roomForMore = template.messages().size() < params.maxBlockMessages();
                AtomicBoolean refresh = new AtomicBoolean();
                Optional<BlockHeader> solved = search.search(template.header(), () -> {
                    if (tipVersion.get() != version || shuttingDown.get()) {
                        return true;
                    }
                    if (roomForMore && acceptedVersion.get() != accepted && System.nanoTime() > refreshAt) {
                        refresh.set(true);
                        return true;
                    }
                    return false;
                });
                if (solved.isEmpty()) {
                    LOG.debugf("Search %s after %d ms", refresh.get() ? "refreshed" : "cancelled",
                            Long.valueOf((System.nanoTime() - refreshAt) / 1_000_000 + TEMPLATE_REFRESH.toMillis()));
                    if (refresh.get()) {
                        continue; // taking in new messages costs no attempt
                    }
                    if (!allowEmpty) {
                        return Optional.empty(); // a lost race: auto-mining paces its next search after the new tip
                    }
                    attempt++;
                    continue;
                }
                attempt++;
                Block block = new Block(solved.get(), template.messages());
                ApplyResult result = writer.apply(block, null);
                if (result.outcome() == ApplyResult.Outcome.CONNECTED) {
                    LOG.infof("Mined block %d %s with %d messages", block.height(), block.hash(), block.messages().size());
                    return Optional.of(block);
                }
                LOG.debugf("Mined block %s not connected: %s %s", block.hash(), result.outcome(), result.violations());
                if (!allowEmpty) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        } finally {
            oneSearchAtATime.unlock();
        }
    }

    private record Template(BlockHeader header, List<Message> messages, long parentTimestamp) {
    }

    private Template template() {
        NextBlock next = chain.nextBlock();
        List<Message> selected = new ArrayList<>();
        int size = BlockHeader.ENCODED_LENGTH + 4;
        for (Message message : messages.pending(params.maxBlockMessages())) {
            if (size + message.encodedSize() > params.maxBlockBytes()) {
                break;
            }
            size += message.encodedSize();
            selected.add(message);
        }
        long timestamp = Math.max(clock.millis(), next.earliestTimestamp());
        BlockHeader header = BlockHeader.signed(ConsensusLimits.BLOCK_VERSION, next.parent().height() + 1,
                next.parent().hash(), MerkleTree.root(selected.stream().map(Message::id).toList()), timestamp,
                next.difficulty(), identity.signingKey());
        return new Template(header, selected, next.parent().timestamp());
    }

    /** Hashes tried since start, for the hash-rate metric. */
    public long hashesTried() {
        return search.hashesTried();
    }

    /** Stops mining as shutdown begins, before the chain and the database go away under a running search. */
    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown.set(true);
        wake();
    }

    @PreDestroy
    void shutdown() {
        shuttingDown.set(true);
        search.close();
    }
}
