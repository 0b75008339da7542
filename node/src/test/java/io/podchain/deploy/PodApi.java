package io.podchain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.podchain.chain.Message;
import io.podchain.chain.SigningKey;
import io.podchain.wire.MessageJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API of a pod's node, on the pod's IP and the container's "http" port, as a client in the cluster uses it. */
final class PodApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    PodApi(Container node) {
        this.port = Kubelet.port(node, new IntOrString("http"));
    }

    /** A GET that must answer 200; its body. */
    String get(ChartPod pod, String path) {
        HttpResponse<String> response = send(pod, HttpRequest.newBuilder(uri(pod, path)).GET());
        assertThat(response.statusCode()).as("GET %s on %s: %s", path, pod.name(), response.body()).isEqualTo(200);
        return response.body();
    }

    HttpResponse<String> post(ChartPod pod, String path, String body, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pod, path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(pod, request);
    }

    JsonNode chain(ChartPod pod) {
        return json(get(pod, "/api/chain"));
    }

    /** Submits a message signed by {@code sender} (a client's key, not the node's); returns its id once accepted. */
    String submit(ChartPod pod, SigningKey sender, String content) {
        MessageJson message = MessageJson.of(Message.sign(sender, "container-stage", content,
                System.currentTimeMillis()));
        ObjectNode body = JSON.createObjectNode().put("sender", message.sender()).put("recipient", message.recipient())
                .put("content", message.content()).put("createdAt", message.createdAt())
                .put("signature", message.signature());
        HttpResponse<String> response = post(pod, "/api/messages", body.toString(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body()).get("id").asText();
    }

    /** PENDING, CONFIRMED, ... as the pod's node knows the message; UNKNOWN when it does not. */
    String status(ChartPod pod, String messageId) {
        HttpResponse<String> response = send(pod, HttpRequest.newBuilder(uri(pod, "/api/messages/" + messageId))
                .GET());
        return response.statusCode() == 200 ? json(response.body()).get("status").asText() : "UNKNOWN";
    }

    private URI uri(ChartPod pod, String path) {
        return URI.create("http://" + pod.ip() + ":" + port + path);
    }

    private HttpResponse<String> send(ChartPod pod, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + pod.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
