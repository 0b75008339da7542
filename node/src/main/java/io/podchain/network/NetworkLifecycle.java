package io.podchain.network;

import io.podchain.p2p.PeerManager;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The network starts with the node and says "going away" to every peer as the node's shutdown begins. */
@ApplicationScoped
class NetworkLifecycle {
    private final PeerManager connections;

    NetworkLifecycle(PeerManager connections) {
        this.connections = connections;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        connections.start();
    }

    /**
     * Shutdown begins with a delay ({@code quarkus.shutdown.delay}) during which readiness is already down and the
     * server still runs: peers get a going-away close now, before the server closes connections on its own.
     */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        connections.goAway();
    }

    /** Without a shutdown delay, as soon as shutdown begins; nothing peers send afterwards is handled. */
    void onShutdown(@Observes ShutdownEvent event) {
        connections.goAway();
    }
}
