package io.podchain.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Each client address's share of the node's connections ({@code podchain.api.client-connections}): one address
 * with many sockets that send a request and never read cannot take the node-wide bound
 * ({@code quarkus.http.limits.max-connections}) from every other client. A connection counts from its first request
 * until it closes; one over its address's share has that request answered {@code 429} problem+json and is closed.
 * A socket that sends nothing is closed by the idle timeout ({@code quarkus.http.idle-timeout}, 30 s). What this
 * holds is one entry per open connection and per address with one, both within the node-wide bound. A trusted
 * proxy's connections ({@link ClientAddress}) are not counted: each carries many clients' requests, which their
 * own request shares bound.
 */
@ApplicationScoped
class ClientConnections {
    private static final Logger LOG = Logger.getLogger(ClientConnections.class);
    /** Before the per-client request shares ({@link ClientLimits}, -1,000) and every route. */
    private static final int ORDER = -2_000;

    private final Map<HttpConnection, String> counted = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final ApiConfig config;
    private final ClientAddress clients;
    private final ObjectMapper json;

    ClientConnections(ApiConfig config, ClientAddress clients, ObjectMapper json) {
        this.config = config;
        this.clients = clients;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext request) {
        HttpConnection connection = request.request().connection();
        if (connection == null || counted.containsKey(connection)
                || !(connection instanceof ConnectionBase closing) || clients.fromTrustedProxy(request.request())) {
            request.next();
            return;
        }
        String client = request.request().remoteAddress().hostAddress();
        int share = config.clientConnections();
        boolean[] admitted = {false};
        perAddress.compute(client, (address, open) -> {
            int now = open == null ? 0 : open;
            admitted[0] = now < share;
            return admitted[0] ? now + 1 : open;
        });
        if (!admitted[0]) {
            LOG.debugf("connection from %s refused: it holds %d", client, share);
            refuse(request, "more than " + share + " connections at once from " + client);
            return;
        }
        counted.put(connection, client);
        closing.closeFuture().onComplete(closed -> {
            counted.remove(connection);
            perAddress.computeIfPresent(client, (address, open) -> open <= 1 ? null : open - 1);
        });
        request.next();
    }

    private void refuse(RoutingContext request, String detail) {
        request.response().putHeader("Connection", "close");
        ClientLimits.refuse(request, json, Problem.of("too-many-connections", "Too many connections", 429, detail), 1)
                .onComplete(sent -> request.request().connection().close());
    }
}
