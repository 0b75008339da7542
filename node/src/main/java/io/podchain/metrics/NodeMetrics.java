package io.podchain.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.podchain.store.ChainStore;
import io.podchain.ledger.ChainSummary;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.store.MessageStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chain's, the pool's and mining's meters, named {@code podchain_*}. The network and sync register their own
 * ({@code io.podchain.p2p.P2pMetrics}, {@code io.podchain.sync.SyncService}), so this package depends on neither.
 */
@ApplicationScoped
public class NodeMetrics {
    private final MeterRegistry registry;
    private final AtomicLong height = new AtomicLong();
    private final AtomicLong difficulty = new AtomicLong();
    private final AtomicReference<Double> cumulativeWork = new AtomicReference<>(0.0);
    private final Counter reorgs;
    private final DistributionSummary reorgDepth;

    NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        reorgs = Counter.builder("podchain.reorgs").description("reorganisations to a heavier branch").register(registry);
        reorgDepth = DistributionSummary.builder("podchain.reorg.depth").description("blocks disconnected per reorganisation")
                .register(registry);
    }

    void onStart(@Observes @Priority(40) StartupEvent event, ChainStore chain, MessageStore messages) {
        ChainSummary summary = chain.summary();
        height.set(summary.height());
        difficulty.set(summary.tip().difficulty());
        cumulativeWork.set(summary.cumulativeWork().doubleValue());
        Gauge.builder("podchain.chain.height", height, AtomicLong::get).register(registry);
        Gauge.builder("podchain.chain.difficulty", difficulty, AtomicLong::get)
                .description("difficulty (leading zero bits) of the tip block").register(registry);
        Gauge.builder("podchain.chain.cumulative.work", cumulativeWork, AtomicReference::get).register(registry);
        Gauge.builder("podchain.pending.messages", messages, MessageStore::pendingCount).register(registry);
        // the JVM is container-aware: in a pod this is the container's memory limit, the dashboard's ceiling
        Gauge.builder("podchain.memory.limit", ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class),
                        OperatingSystemMXBean::getTotalMemorySize).baseUnit("bytes")
                .description("memory the JVM may use: the container's limit in a pod, the machine's otherwise")
                .register(registry);
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
}
