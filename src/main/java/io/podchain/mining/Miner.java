package io.podchain.mining;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.MerkleTree;
import io.podchain.chain.Message;
import io.podchain.node.MiningConfig;
import io.podchain.node.NodeIdentity;
import io.podchain.store.ApplyResult;
import io.podchain.store.ChainStore;
import io.podchain.store.ChainTipChanged;
import io.podchain.store.MessageStore;
import io.podchain.store.NextBlock;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/** Mines blocks on the tip: on demand ({@link #mineOnce()}) and, when enabled, whenever messages are pending. */
@ApplicationScoped
public class Miner {
    private static final Logger LOG = Logger.getLogger(Miner.class);
    /** Templates tried by one {@link #mineOnce()} before giving up: each lost race against a new tip costs one. */
    private static final int MAX_TEMPLATE_ATTEMPTS = 10;

    private final ChainStore chain;
    private final MessageStore messages;
    private final NodeIdentity identity;
    private final Clock clock;
    private final MiningConfig config;
    private final NonceSearch search;
    private final ReentrantLock oneSearchAtATime = new ReentrantLock();
    private final AtomicLong tipVersion = new AtomicLong();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    Miner(ChainStore chain, MessageStore messages, NodeIdentity identity, Clock clock, MiningConfig config) {
        this.chain = chain;
        this.messages = messages;
        this.identity = identity;
        this.clock = clock;
        this.config = config;
        this.search = new NonceSearch(config.threads());
    }

    void onTipChanged(@Observes ChainTipChanged change) {
        tipVersion.incrementAndGet();
    }

    @Scheduled(every = "${podchain.mining.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void autoMine() {
        if (config.auto() && messages.pendingCount() > 0) {
            mine(false);
        }
    }

    /** Mines one block of pending messages (possibly none: the operator asked) onto the tip. */
    public Optional<Block> mineOnce() {
        return mine(true);
    }

    /**
     * Mines one block onto the tip; empty when every attempt lost a race or, unless {@code allowEmpty}, nothing is
     * left to mine: a node that lost the race for its messages (another node's block confirmed them) abandons the
     * template instead of mining an empty block that would only race the winner's successors.
     */
    private Optional<Block> mine(boolean allowEmpty) {
        oneSearchAtATime.lock();
        try {
            for (int attempt = 0; attempt < MAX_TEMPLATE_ATTEMPTS && !shuttingDown.get(); attempt++) {
                long version = tipVersion.get();
                Template template = template();
                if (!allowEmpty && template.messages().isEmpty()) {
                    return Optional.empty();
                }
                Optional<BlockHeader> solved = search.search(template.header(),
                        () -> tipVersion.get() != version || shuttingDown.get());
                if (solved.isEmpty()) {
                    continue;
                }
                Block block = new Block(solved.get(), template.messages());
                ApplyResult result = chain.apply(block, null);
                if (result.outcome() == ApplyResult.Outcome.CONNECTED) {
                    LOG.infof("Mined block %d %s with %d messages", block.height(), block.hash(), block.messages().size());
                    return Optional.of(block);
                }
                LOG.debugf("Mined block %s not connected: %s %s", block.hash(), result.outcome(), result.violations());
            }
            return Optional.empty();
        } finally {
            oneSearchAtATime.unlock();
        }
    }

    private record Template(BlockHeader header, List<Message> messages) {
    }

    private Template template() {
        NextBlock next = chain.nextBlock();
        List<Message> selected = new ArrayList<>();
        int size = BlockHeader.ENCODED_LENGTH + 4;
        for (Message message : messages.pending(ConsensusLimits.MAX_MESSAGES_PER_BLOCK)) {
            if (size + message.encodedSize() > ConsensusLimits.MAX_BLOCK_BYTES) {
                break;
            }
            size += message.encodedSize();
            selected.add(message);
        }
        long timestamp = Math.max(clock.millis(), next.earliestTimestamp());
        BlockHeader header = BlockHeader.signed(ConsensusLimits.BLOCK_VERSION, next.parent().height() + 1,
                next.parent().hash(), MerkleTree.root(selected.stream().map(Message::id).toList()), timestamp,
                next.difficulty(), identity.signingKey());
        return new Template(header, selected);
    }

    /** Hashes tried since start, for the hash-rate metric. */
    public long hashesTried() {
        return search.hashesTried();
    }

    /** Stops mining as shutdown begins, before the chain and the database go away under a running search. */
    void onShutdown(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        shuttingDown.set(true);
    }

    @PreDestroy
    void shutdown() {
        shuttingDown.set(true);
        search.close();
    }
}
