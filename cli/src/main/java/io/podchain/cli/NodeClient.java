package io.podchain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A node's REST API over HTTP. Every failure becomes one readable line: a node that cannot be reached says where it
 * was looked for, and a problem+json answer (RFC 9457, what the node sends for every 4xx and 5xx) is rendered as
 * its status, title and detail.
 */
final class NodeClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough for a node under load; a CLI must not hang forever on a node that stopped answering. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    NodeClient(String baseUrl, String token) {
        String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            this.base = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new CliException("not a URL: " + baseUrl);
        }
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw new CliException("not an http(s) URL: " + baseUrl);
        }
        this.token = token;
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
    }

    JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.toString())), path);
    }

    /** A GET whose 503 is an answer, not an error (readiness): returns the status and the body. */
    Answer probe(URI uri) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(uri).GET(), uri.getPath());
        return new Answer(response.statusCode(), parse(response, uri.getPath()));
    }

    record Answer(int status, JsonNode body) {
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response = exchange(request, path);
        JsonNode body = parse(response, path);
        if (response.statusCode() >= 400) {
            throw new CliException(problem(response.statusCode(), body));
        }
        return body;
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, String path) {
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        request.header("Accept", "application/json").timeout(REQUEST_TIMEOUT);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the node at " + base + " (connection refused): is it running? For a"
                    + " cluster: kubectl port-forward svc/podchain 8080:8080, or set --node / PODCHAIN_NODE", e);
        } catch (HttpTimeoutException e) {
            throw new CliException("the node at " + base + " did not answer " + path + " in time", e);
        } catch (IOException e) {
            throw new CliException("cannot talk to the node at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private JsonNode parse(HttpResponse<String> response, String path) {
        String text = response.body();
        if (text == null || text.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new CliException("the node at " + base + " answered " + path + " with HTTP " + response.statusCode()
                    + " and no JSON: is --node a podchain node?");
        }
    }

    /** "404 Not Found: no block 12" from a problem+json body; the bare status when there is none. */
    static String problem(int status, JsonNode body) {
        String title = body.path("title").asText("");
        String detail = body.path("detail").asText("");
        StringBuilder line = new StringBuilder().append(status);
        if (!title.isEmpty()) {
            line.append(' ').append(title);
        }
        if (!detail.isEmpty()) {
            line.append(": ").append(detail);
        }
        if (status == 401) {
            line.append(" (an operator action: pass --token or set PODCHAIN_TOKEN)");
        }
        return line.toString();
    }
}
