package io.podchain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.p2p.Peer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What each peer says of itself: its own {@code GET /api/sync} (state, height, readiness), asked over its API, which
 * shares the port it listens on for peers. For the dashboard's graph only: a peer's word about itself, shown as
 * such, never used for a decision (sync and readiness use what peers prove). Asked only while a dashboard is open.
 */
@ApplicationScoped
class PeerReports {
    /** A peer that does not answer this fast is shown without a report; the dashboard must not wait on it. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** A /api/sync answer is a few hundred bytes; a peer that sends more is not read further. */
    static final int MAX_ANSWER_BYTES = 16 * 1024;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;

    PeerReports(ObjectMapper json) {
        this.json = json;
    }

    /** Node key to the peer's own sync view; peers that did not answer in time are left out. */
    Map<String, JsonNode> ask(List<Peer> peers) {
        Map<String, CompletableFuture<JsonNode>> asked = new LinkedHashMap<>();
        for (Peer peer : peers) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + peer.address() + "/api/sync"))
                    .timeout(TIMEOUT).GET().build();
            asked.put(peer.nodeKey().toHex(), http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(this::read).exceptionally(failure -> null));
        }
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        asked.forEach((key, answer) -> {
            JsonNode report = answer.completeOnTimeout(null, TIMEOUT.toMillis() * 2,
                    TimeUnit.MILLISECONDS).join();
            if (report != null) {
                reports.put(key, report);
            }
        });
        return reports;
    }

    private JsonNode read(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
            if (response.statusCode() != 200 || bytes.length > MAX_ANSWER_BYTES) {
                return null;
            }
            JsonNode sync = json.readTree(bytes);
            // only the fields the graph shows, whatever else a peer put there
            return json.createObjectNode().put("state", sync.path("state").asText("?"))
                    .put("height", sync.path("height").asLong(-1)).put("ready", sync.path("ready").asBoolean(false));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
