package io.podchain.api;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Server-sent events for the dashboard (and anyone following the node): see {@link LiveEvents}. */
@Path("/api/events")
public class EventResource {
    private final LiveEvents events;

    EventResource(LiveEvents events) {
        this.events = events;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<LiveEvents.LiveEvent> stream() {
        if (events.full()) {
            throw new ApiException(Problem.of("too-many-streams", "Too many event streams", 503,
                    "this node serves at most " + LiveEvents.MAX_STREAMS + " open event streams; try again later"));
        }
        return events.stream();
    }
}
