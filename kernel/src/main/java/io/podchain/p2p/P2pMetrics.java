package io.podchain.p2p;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.podchain.chain.Block;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The network's meters ({@code podchain_blocks_*}, {@code podchain_block_*}, {@code podchain_peers},
 * {@code podchain_peer_*}), registered by the p2p package itself. Every tagged series is registered at zero, so a
 * dashboard's panel and an alert see it before the first event.
 */
public class P2pMetrics {
    static final String REFUSED = "refused";
    static final String PENALIZED = "penalized";
    static final String KEY = "key";
    static final String ADDRESS = "address";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter received;
    private final Counter relayed;
    private final Timer propagation;
    private final Counter announced;
    private final Timer apply;

    P2pMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        received = Counter.builder("podchain.blocks.received").description("blocks announced by peers").register(registry);
        relayed = Counter.builder("podchain.blocks.relayed").description("block announcements sent to peers")
                .register(registry);
        propagation = Timer.builder("podchain.block.propagation").description(
                        "delay from a block's timestamp to its arrival here (includes clock skew between nodes)")
                .publishPercentileHistogram().serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(200),
                        Duration.ofSeconds(1))
                .register(registry);
        apply = Timer.builder("podchain.block.apply").description(
                        "time to check and store a block from a peer, once it is decoded and relayed")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        for (RejectCode code : RejectCode.values()) {
            for (String kind : List.of(REFUSED, PENALIZED)) {
                Counter.builder("podchain.peer.rejects").tag("code", code.name()).tag("kind", kind)
                        .description("REJECTs sent to peers: refused (no blame) or penalised (misbehaviour points)")
                        .register(registry);
            }
        }
        for (String subject : List.of(KEY, ADDRESS)) {
            Counter.builder("podchain.peer.bans").tag("subject", subject)
                    .description("bans of a node key or an IP address").register(registry);
        }
        announced = Counter.builder("podchain.messages.announced")
                .description("message ids announced to peers (INV entries)").register(registry);
        for (Rule rule : Rule.values()) {
            Counter.builder("podchain.blocks.rejected").tag("reason", rule.name())
                    .description("blocks from peers rejected, by broken rule").register(registry);
        }
    }

    /** The number of proven, connected peers, read when scraped. */
    void peersFrom(Supplier<Integer> readyPeers) {
        // held strongly: Micrometer keeps only a weak reference to a gauge's object, and this lambda has no other
        Gauge.builder("podchain.peers", readyPeers, s -> s.get()).tag("status", "ONLINE").strongReference(true)
                .description("connected peers past the handshake").register(registry);
    }

    /** What peers make the node hold now, against {@link P2pLimits#MAX_NODE_INBOX_CHARS} and its outbound twin. */
    void budget(TrafficBudget budget) {
        Gauge.builder("podchain.p2p.queued.chars", budget, TrafficBudget::inboxChars).tag("direction", "received")
                .description("characters received from peers and waiting to be handled").register(registry);
        Gauge.builder("podchain.p2p.queued.chars", budget, TrafficBudget::outboundChars).tag("direction", "sent")
                .description("characters queued to peers and not yet written").register(registry);
    }

    void blockReceived(Block block) {
        received.increment();
        propagation.record(Duration.ofMillis(Math.max(0, clock.millis() - block.header().timestamp())));
    }

    void blockRejected(List<Violation> violations) {
        Set<Rule> rules = EnumSet.noneOf(Rule.class);
        violations.forEach(v -> rules.add(v.rule()));
        rules.forEach(rule -> registry.counter("podchain.blocks.rejected", "reason", rule.name()).increment());
    }

    void blocksRelayed(int announcements) {
        relayed.increment(announcements);
    }

    void messagesAnnounced(int ids) {
        announced.increment(ids);
    }

    void blockApplied(long nanos) {
        apply.record(Duration.ofNanos(nanos));
    }

    void rejectSent(RejectCode code, String kind) {
        registry.counter("podchain.peer.rejects", "code", code.name(), "kind", kind).increment();
    }

    void banned(String subject) {
        registry.counter("podchain.peer.bans", "subject", subject).increment();
    }
}
