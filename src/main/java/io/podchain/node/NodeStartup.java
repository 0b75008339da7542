package io.podchain.node;

import io.podchain.store.ChainStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Start-up order: after Flyway migrated, write genesis (or check it), then load the identity. */
@ApplicationScoped
public class NodeStartup {
    /** Before every other start-up observer: they may read the chain or sign. */
    static final int PRIORITY = 10;

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event, ChainStore chainStore, NodeIdentity identity) {
        chainStore.initialize();
        identity.load();
    }
}
