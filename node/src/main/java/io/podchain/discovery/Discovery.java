package io.podchain.discovery;

import io.podchain.p2p.PeerManager;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Hands the configured static peers to the peer manager at start-up. */
@ApplicationScoped
public class Discovery {
    void onStart(@Observes @Priority(30) StartupEvent event, DiscoveryConfig config, PeerManager peers) {
        List<String> configured = config.peers().orElse(List.of());
        peers.addAddresses(configured);
    }
}
