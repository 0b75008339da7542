package io.podchain.p2p;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses a WebSocket upgrade on {@code /p2p} before a connection exists, so that a refused client costs one HTTP
 * response and never counts against the limits: a banned address (403), an address over
 * {@link P2pLimits#MAX_UNPROVEN_PER_IP} unproven or {@link P2pLimits#MAX_INBOUND_PER_IP} inbound connections (429),
 * a node whose inbound slots are all taken (503). Connections upgraded at the same moment on several event loops
 * are counted again, as one step, when they open ({@link PeerManager#accepted}).
 */
@ApplicationScoped
class P2pAdmission implements HttpUpgradeCheck {
    /** Seconds a refused client should wait: a handshake slot frees within {@link P2pLimits#HANDSHAKE_TIMEOUT}. */
    private static final String RETRY_AFTER = String.valueOf(P2pLimits.HANDSHAKE_TIMEOUT.toSeconds());

    private final ConnectedPeers connected;
    private final Bans bans;
    private final P2pConfig config;

    P2pAdmission(ConnectedPeers connected, Bans bans, P2pConfig config) {
        this.connected = connected;
        this.bans = bans;
        this.config = config;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        CheckResult result = check(context.httpRequest().remoteAddress().hostAddress());
        if (result.isUpgradePermitted()) {
            RawSocket.remember(context.userData(), context.httpRequest().connection());
        }
        return Uni.createFrom().item(result);
    }

    CheckResult check(String ip) {
        Optional<Refusal> refusal = refusal(ip);
        if (refusal.isEmpty()) {
            return CheckResult.permitUpgradeSync();
        }
        return CheckResult.rejectUpgradeSync(refusal.get().status(),
                Map.of("Retry-After", List.of(RETRY_AFTER), "X-Podchain-Refusal", List.of(refusal.get().code().name())));
    }

    /** Why a new inbound connection from {@code ip} is refused now, if it is. */
    Optional<Refusal> refusal(String ip) {
        if (bans.ipBannedUntil(ip).isPresent()) {
            return Optional.of(new Refusal(403, RejectCode.BANNED));
        }
        if (connected.unprovenFrom(ip) >= P2pLimits.MAX_UNPROVEN_PER_IP
                || connected.inboundFrom(ip) >= P2pLimits.MAX_INBOUND_PER_IP) {
            return Optional.of(new Refusal(429, RejectCode.TOO_MANY_FROM_IP));
        }
        if (connected.provenInbound() >= config.maxInbound()) {
            return Optional.of(new Refusal(503, RejectCode.TOO_MANY_PEERS));
        }
        return Optional.empty();
    }

    record Refusal(int status, RejectCode code) {
    }
}
