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

    /** A stream opened from a given loopback address, as another client; its status line and headers read. */
    private final class RawStream implements AutoCloseable {
        final java.net.Socket socket = new java.net.Socket();
        final java.io.BufferedReader in;
        final int status;
        final List<String> headers = new ArrayList<>();

        RawStream(String from) throws Exception {
            socket.bind(new java.net.InetSocketAddress(from, 0));
            socket.connect(new java.net.InetSocketAddress(events.getHost(), events.getPort()));
            socket.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: " + events.getHost()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            status = Integer.parseInt(in.readLine().split(" ")[1]);
            for (String line; !(line = in.readLine()).isEmpty(); ) {
                headers.add(line.toLowerCase(java.util.Locale.ROOT));
            }
        }

        /** Reads until the first event: the node has counted this stream once it sends one. */
        RawStream awaitFirstEvent() throws Exception {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("data:")) {
                    return this;
                }
            }
            throw new AssertionError("the stream ended before its first event");
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void oneClientGetsAFewStreamsAndIsToldWhenToComeBack() throws Exception {
        List<RawStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < ApiLimits.MAX_STREAMS_PER_CLIENT; i++) {
                RawStream stream = new RawStream("127.0.0.11");
                assertThat(stream.status).isEqualTo(200);
                open.add(stream.awaitFirstEvent());
            }
            try (RawStream refused = new RawStream("127.0.0.11")) {
                assertThat(refused.status).isEqualTo(429);
                assertThat(refused.headers).contains("content-type: application/problem+json")
                        .anyMatch(h -> h.startsWith("retry-after: "));
            }
            try (RawStream other = new RawStream("127.0.0.12")) {
                assertThat(other.status).as("another client is not affected").isEqualTo(200);
            }
        } finally {
            for (RawStream stream : open) {
                stream.close();
            }
        }
    }

    @Test
    void beyondTheLimitAStreamIsRefusedWithAProblem() throws Exception {
        List<RawStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < ApiLimits.MAX_STREAMS; i++) {
                RawStream stream = new RawStream("127.0.0." + (20 + i / ApiLimits.MAX_STREAMS_PER_CLIENT));
                assertThat(stream.status).isEqualTo(200);
                open.add(stream.awaitFirstEvent());
            }
            try (RawStream refused = new RawStream("127.0.0.99")) {
                assertThat(refused.status).isEqualTo(503);
                assertThat(refused.headers).contains("content-type: application/problem+json")
                        .anyMatch(h -> h.startsWith("retry-after: "));
            }
        } finally {
            for (RawStream stream : open) {
                stream.close();
            }
        }
        // closed streams free their places
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (RawStream again = new RawStream("127.0.0.99")) {
                return again.status == 200;
            }
        });
    }
}
