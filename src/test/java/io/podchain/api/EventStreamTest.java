package io.podchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.testing.Api;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboard's event stream: a status at once, a tip event per new tip, and a bound on open streams. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class EventStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/events")
    URI events;

    private final HttpClient http = HttpClient.newHttpClient();
    /** One reader per open stream: a stream's lines block until its next event. */
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "event-stream-reader");
        thread.setDaemon(true);
        return thread;
    });

    /** Opens a stream; its events (the JSON after "data:") are added to {@code into} as they arrive. */
    private CompletableFuture<HttpResponse<Stream<String>>> open(List<JsonNode> into) {
        return http.sendAsync(HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
                    if (response.statusCode() == 200) {
                        CompletableFuture.runAsync(() -> response.body().filter(l -> l.startsWith("data:"))
                                .forEach(l -> into.add(read(l.substring(5)))), readers);
                    }
                    return response;
                });
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    @Test
    void aStreamStartsWithTheNodesStatusAndTellsEachNewTip() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        var response = open(received).get();
        try {
            assertThat(response.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
            JsonNode first = received.get(0);
            assertThat(first.get("type").asText()).isEqualTo("status");
            assertThat(first.at("/data/readiness/status").asText()).isIn("UP", "DOWN");
            assertThat(first.at("/data/network/self").asText()).matches("0[23][0-9a-f]{64}");
            assertThat(first.at("/data/sync/ready").isBoolean()).isTrue();
            assertThat(first.at("/data/peers").isArray()).isTrue();

            String hash = Api.mine().getString("hash");
            await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().anyMatch(e ->
                    e.get("type").asText().equals("tip") && e.at("/data/hash").asText().equals(hash)));
        } finally {
            response.body().close();
        }
    }

    @Test
    void beyondTheLimitAStreamIsRefusedWithAProblem() throws Exception {
        List<HttpResponse<Stream<String>>> open = new ArrayList<>();
        try {
            for (int i = 0; i < LiveEvents.MAX_STREAMS; i++) {
                List<JsonNode> events = new CopyOnWriteArrayList<>();
                HttpResponse<Stream<String>> response = open(events).get();
                assertThat(response.statusCode()).isEqualTo(200);
                open.add(response);
                await().atMost(Duration.ofSeconds(30)).until(() -> !events.isEmpty());
            }
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(events).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("too-many-streams");
        } finally {
            open.forEach(r -> r.body().close());
        }
        // closed streams free their places
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<Stream<String>> again = open(new CopyOnWriteArrayList<>()).get();
            again.body().close();
            return again.statusCode() == 200;
        });
    }
}
