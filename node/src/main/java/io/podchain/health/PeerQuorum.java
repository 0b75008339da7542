package io.podchain.health;

import io.podchain.discovery.DiscoveryConfig;
import io.podchain.mining.MiningGate;
import io.podchain.sync.SyncService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Auto-mining waits while the node has fewer proven peers (on its side of any conflict about final history) than its
 * readiness needs ({@code podchain.readiness.min-peers},
 * the chart's: a majority of the other pods): the side of a partition that lost the majority builds no history, so
 * when the network heals it only catches up, whatever the partition lasted. A network of one node needs no peer.
 */
@ApplicationScoped
class PeerQuorum implements MiningGate {
    private final SyncService sync;
    private final ReadinessConfig config;
    private final DiscoveryConfig discovery;

    PeerQuorum(SyncService sync, ReadinessConfig config, DiscoveryConfig discovery) {
        this.sync = sync;
        this.config = config;
        this.discovery = discovery;
    }

    /** The proven peers readiness needs: configured, or one when the node has anyone to find. */
    int minPeers() {
        return config.minPeers().orElse(discovery.configured() ? 1 : 0);
    }

    @Override
    public Optional<String> holdReason() {
        int needed = minPeers();
        int peers = sync.agreeingPeerCount();
        return peers >= needed ? Optional.empty() : Optional.of(peers + " proven peers of the " + needed
                + " readiness needs (peers on a branch that conflicts with our final history do not count): a node"
                + " cut off from its network builds no history of its own");
    }
}
