package io.podchain.network;

import io.micrometer.core.instrument.MeterRegistry;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.discovery.DiscoveryConfig;
import io.podchain.identity.NodeIdentity;
import io.podchain.network.registry.PeerStore;
import io.podchain.p2p.Admission;
import io.podchain.p2p.ConnectedPeers;
import io.podchain.p2p.Membership;
import io.podchain.p2p.Network;
import io.podchain.p2p.P2pConfig;
import io.podchain.p2p.PeerDiscipline;
import io.podchain.p2p.PeerManager;
import io.podchain.p2p.Scheduler;
import io.podchain.sync.SyncService;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The kernel's {@link Network} on the node's ports: the stored chain, the pool, the peer table, the node's identity,
 * sync (made here, with the network's connections and discipline), the worker pool and its timer, WebSockets Next, the Prometheus registry; and its parts that the rest of the
 * node uses, as beans.
 */
class NetworkWiring {
    @Produces
    @Singleton
    P2pConfig config(P2pSettings settings) {
        return settings.config();
    }

    @Produces
    @Singleton
    Network network(ChainParams params, BlockValidator validator, StoredChain chain, PooledMessages messages,
            PeerStore registry, NodeIdentity identity, StoredSyncChain syncChain, SyncSettings sync,
            DiscoveryConfig discovery, Scheduler scheduler, Clock clock, P2pConfig config, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.http.host") String httpHost,
            @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        Network.Follower follower = (connected, discipline) -> new SyncService(syncChain, connected, discipline,
                sync.settleTime(), discovery.configured(), meters, clock, scheduler);
        return new Network(new Network.Ports(params, validator, chain, messages, registry, identity, follower,
                scheduler, clock, config, new WebSocketTransport(httpHost), meters, httpHost, httpPort));
    }

    @Produces
    @Singleton
    SyncService sync(Network network) {
        return (SyncService) network.follower();
    }

    @Produces
    @Singleton
    PeerManager connections(Network network) {
        return network.connections();
    }

    @Produces
    @Singleton
    ConnectedPeers connected(Network network) {
        return network.connected();
    }

    @Produces
    @Singleton
    PeerDiscipline discipline(Network network) {
        return network.discipline();
    }

    @Produces
    @Singleton
    Admission admission(Network network) {
        return network.admission();
    }

    @Produces
    @Singleton
    Membership membership(Network network) {
        return network.membership();
    }
}
