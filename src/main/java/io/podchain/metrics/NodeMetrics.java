package io.podchain.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.podchain.chain.Block;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import io.podchain.mining.Miner;
import io.podchain.p2p.PeerManager;
import io.podchain.store.ChainStore;
import io.podchain.store.ChainSummary;
import io.podchain.store.ChainTipChanged;
import io.podchain.store.MessageStore;
import io.podchain.sync.SyncService;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Every podchain metric, named {@code podchain_*}. */
@ApplicationScoped
public class NodeMetrics {
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicLong height = new AtomicLong();
    private final AtomicLong difficulty = new AtomicLong();
    private final AtomicReference<Double> cumulativeWork = new AtomicReference<>(0.0);
    private final Counter received;
    private final Counter relayed;
    private final Counter syncBlocks;
    private final Counter reorgs;
    private final DistributionSummary reorgDepth;
    private final Timer propagation;

    NodeMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        received = Counter.builder("podchain.blocks.received").description("blocks announced by peers").register(registry);
        relayed = Counter.builder("podchain.blocks.relayed").description("block announcements sent to peers")
                .register(registry);
        syncBlocks = Counter.builder("podchain.sync.blocks").description("blocks applied by sync (rate() = sync rate)")
                .register(registry);
        reorgs = Counter.builder("podchain.reorgs").description("reorganisations to a heavier branch").register(registry);
        reorgDepth = DistributionSummary.builder("podchain.reorg.depth").description("blocks disconnected per reorganisation")
                .register(registry);
        propagation = Timer.builder("podchain.block.propagation").description(
                        "delay from a block's timestamp to its arrival here (includes clock skew between nodes)")
                .publishPercentileHistogram().serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(200),
                        Duration.ofSeconds(1))
                .register(registry);
        for (Rule rule : Rule.values()) {
            Counter.builder("podchain.blocks.rejected").tag("reason", rule.name())
                    .description("blocks from peers rejected, by broken rule").register(registry);
        }
    }

    void onStart(@Observes @Priority(40) StartupEvent event, ChainStore chain, MessageStore messages,
            PeerManager peers, SyncService sync, Miner miner) {
        ChainSummary summary = chain.summary();
        height.set(summary.height());
        difficulty.set(summary.tip().difficulty());
        cumulativeWork.set(summary.cumulativeWork().doubleValue());
        Gauge.builder("podchain.chain.height", height, AtomicLong::get).register(registry);
        Gauge.builder("podchain.chain.difficulty", difficulty, AtomicLong::get)
                .description("difficulty (leading zero bits) of the tip block").register(registry);
        Gauge.builder("podchain.chain.cumulative.work", cumulativeWork, AtomicReference::get).register(registry);
        Gauge.builder("podchain.pending.messages", messages, MessageStore::pendingCount).register(registry);
        Gauge.builder("podchain.peers", peers, p -> p.readyPeers().size()).tag("status", "ONLINE")
                .description("connected peers past the handshake").register(registry);
        for (SyncService.State state : SyncService.State.values()) {
            Gauge.builder("podchain.sync.state", sync, s -> s.state() == state ? 1 : 0).tag("state", state.name())
                    .description("1 for the current sync state").register(registry);
        }
        FunctionCounter.builder("podchain.mining.hashes", miner, Miner::hashesTried)
                .description("nonces tried (rate() = hash rate)").register(registry);
    }

    void onTipChanged(@Observes ChainTipChanged change) {
        height.set(change.height());
        cumulativeWork.set(change.cumulativeWork().doubleValue());
        if (change.tipBlock() != null) {
            difficulty.set(change.tipBlock().header().difficulty());
        }
        if (change.isReorganisation()) {
            reorgs.increment();
            reorgDepth.record(change.disconnected().size());
        }
    }

    public void blockReceived(Block block) {
        received.increment();
        propagation.record(Duration.ofMillis(Math.max(0, clock.millis() - block.header().timestamp())));
    }

    public void blockRejected(List<Violation> violations) {
        Set<Rule> rules = EnumSet.noneOf(Rule.class);
        violations.forEach(v -> rules.add(v.rule()));
        rules.forEach(rule -> registry.counter("podchain.blocks.rejected", "reason", rule.name()).increment());
    }

    public void blocksRelayed(int announcements) {
        relayed.increment(announcements);
    }

    public void syncApplied(int blocks) {
        syncBlocks.increment(blocks);
    }
}
