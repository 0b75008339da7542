package io.podchain.node;

import io.podchain.identity.NodeIdentity;
import io.podchain.store.ChainWriter;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Start-up order: after Flyway migrated, write genesis (or check it), then load the identity. */
@ApplicationScoped
public class NodeStartup {
    /** Before every other start-up observer: they may read the chain or sign. */
    static final int PRIORITY = 10;

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event, ChainWriter chain, NodeIdentity identity) {
        chain.initialize();
        identity.load();
    }
}
