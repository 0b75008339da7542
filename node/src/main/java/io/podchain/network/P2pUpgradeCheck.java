package io.podchain.network;

import io.podchain.p2p.Admission;
import io.podchain.p2p.P2pLimits;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses a WebSocket upgrade on {@code /p2p} before a connection exists ({@link Admission}), so that a refused
 * client costs one HTTP response and never counts against the limits: a banned address (403), an address over its
 * share (429), a node whose inbound slots are all taken (503). Connections upgraded at the same moment on several
 * event loops are counted again, as one step, when they open.
 */
@ApplicationScoped
class P2pUpgradeCheck implements HttpUpgradeCheck {
    /** Seconds a refused client should wait: a handshake slot frees within {@link P2pLimits#HANDSHAKE_TIMEOUT}. */
    private static final String RETRY_AFTER = String.valueOf(P2pLimits.HANDSHAKE_TIMEOUT.toSeconds());

    private final Admission admission;

    P2pUpgradeCheck(Admission admission) {
        this.admission = admission;
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
        Optional<Admission.Refusal> refusal = admission.refusal(ip);
        if (refusal.isEmpty()) {
            return CheckResult.permitUpgradeSync();
        }
        return CheckResult.rejectUpgradeSync(refusal.get().status(),
                Map.of("Retry-After", List.of(RETRY_AFTER), "X-Podchain-Refusal", List.of(refusal.get().code().name())));
    }
}
