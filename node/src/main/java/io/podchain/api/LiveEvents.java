package io.podchain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.p2p.PeerManager;
import io.podchain.ledger.ChainTipChanged;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * What the dashboard is told as it happens: a {@code tip} event for every new tip (height, hash, whether it was a
 * reorganisation), and, while a dashboard is open, a {@code status} event every {@link #STATUS_EVERY} with the
 * node's sync state, readiness, peers, the network graph and what each peer reports of itself, so that a page
 * follows the node without asking every endpoint in a loop.
 */
@ApplicationScoped
public class LiveEvents {
    private static final Logger LOG = Logger.getLogger(LiveEvents.class);
    /** Peers come and go and RTTs move on this scale; often enough for a person watching, cheap for the node. */
    static final String STATUS_EVERY = "2s";

    /** One event: its type and what to draw. */
    public record LiveEvent(String type, Object data) {
    }

    private final BroadcastProcessor<LiveEvent> events = BroadcastProcessor.create();
    /** Open dashboards: peers are asked for their reports only while someone is looking. */
    private final AtomicInteger watching = new AtomicInteger();
    /** Open streams by client address; an address leaves the map with its last stream. */
    private final Map<String, Integer> byClient = new ConcurrentHashMap<>();
    private final NetworkResource network;
    private final PeerManager peers;
    private final PeerReports reports;
    private final SmallRyeHealthReporter health;
    private final ObjectMapper json;

    LiveEvents(NetworkResource network, PeerManager peers, PeerReports reports, SmallRyeHealthReporter health,
            ObjectMapper json) {
        this.network = network;
        this.peers = peers;
        this.reports = reports;
        this.health = health;
        this.json = json;
    }

    /** Why a stream was not opened; NONE when its place was taken. */
    enum Refusal {
        NONE, CLIENT_FULL, FULL
    }

    /**
     * Takes a place for a stream of {@code client}, counted and taken as one step (requests open streams on several
     * event loops at once); the stream given back by {@link #stream} releases it when it ends.
     */
    synchronized Refusal reserve(String client) {
        if (byClient.getOrDefault(client, 0) >= ApiLimits.MAX_STREAMS_PER_CLIENT) {
            return Refusal.CLIENT_FULL;
        }
        if (watching.get() >= ApiLimits.MAX_STREAMS) {
            return Refusal.FULL;
        }
        watching.incrementAndGet();
        byClient.merge(client, 1, Integer::sum);
        return Refusal.NONE;
    }

    private synchronized void release(String client) {
        watching.decrementAndGet();
        byClient.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
    }

    /**
     * Events from now on, for {@link ApiLimits#STREAM_LIFETIME}, in a place {@link #reserve reserved} for {@code client}; a
     * subscriber that cannot keep up loses events rather than growing a buffer.
     */
    Multi<LiveEvent> stream(String client) {
        // the first status is read at once (a page draws something now), on a worker: it reads the database
        Multi<LiveEvent> now = Multi.createFrom().item(this::status)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return Multi.createBy().concatenating().streams(now, events).onOverflow().drop()
                .select().first(ApiLimits.STREAM_LIFETIME)
                .onTermination().invoke(() -> release(client));
    }

    void onTip(@Observes ChainTipChanged change) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("height", change.height());
        data.put("hash", change.tip().toHex());
        data.put("reorganisation", change.isReorganisation());
        events.onNext(new LiveEvent("tip", data));
    }

    @Scheduled(every = STATUS_EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishStatus() {
        if (watching.get() == 0) {
            return;
        }
        try {
            events.onNext(status());
        } catch (RuntimeException e) {
            // the database may be down: the readiness in the next event says so; the stream goes on
            LOG.debugf("No status event: %s", e.toString());
        }
    }

    LiveEvent status() {
        Map<String, Object> data = new LinkedHashMap<>();
        SmallRyeHealth readiness = health.getReadiness(); // once: its checks read the database
        data.put("sync", network.sync(readiness));
        data.put("readiness", json(readiness));
        data.put("network", network.network());
        data.put("peers", network.peers());
        data.put("peerReports", reports.ask(peers.readyPeers()));
        return new LiveEvent("status", data);
    }

    /** The readiness answer as the kubelet gets it, with its checks and their reasons. */
    private JsonNode json(SmallRyeHealth readiness) {
        try {
            return json.readTree(readiness.getPayload().toString());
        } catch (Exception e) {
            return json.createObjectNode().put("status", "DOWN").put("error", e.getClass().getSimpleName());
        }
    }
}
