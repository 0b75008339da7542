package io.podchain.api;

import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Server-sent events for the dashboard (and anyone following the node): see {@link LiveEvents}. */
@Path("/api/events")
public class EventResource {
    /** The page reconnects with a growing delay from this one: streams free up as pages close. */
    private static final int RETRY_AFTER_SECONDS = 5;
    private final LiveEvents events;
    private final ClientAddress clients;

    EventResource(LiveEvents events, ClientAddress clients) {
        this.events = events;
        this.clients = clients;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<LiveEvents.LiveEvent> stream(@Context HttpServerRequest request) {
        String client = clients.of(request);
        LiveEvents.Refusal refusal = events.reserve(client);
        if (refusal == LiveEvents.Refusal.CLIENT_FULL) {
            throw new ApiException(Problem.of("too-many-streams", "Too many event streams", 429,
                    "this node serves at most " + ApiLimits.MAX_STREAMS_PER_CLIENT + " open event streams to "
                            + client + "; try again later"), RETRY_AFTER_SECONDS);
        }
        if (refusal == LiveEvents.Refusal.FULL) {
            throw new ApiException(Problem.of("too-many-streams", "Too many event streams", 503,
                    "this node serves at most " + ApiLimits.MAX_STREAMS + " open event streams; try again later"),
                    RETRY_AFTER_SECONDS);
        }
        return events.stream(client);
    }
}
