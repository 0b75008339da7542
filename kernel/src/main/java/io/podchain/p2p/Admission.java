package io.podchain.p2p;

import java.util.Optional;

/**
 * Whether a new inbound connection from an address is let in: not a banned address, not one over
 * {@link P2pLimits#MAX_UNPROVEN_PER_IP} unproven or {@link P2pLimits#MAX_INBOUND_PER_IP} inbound connections, not
 * while the inbound slots are all taken. The node asks before a WebSocket upgrade (so a refused client costs one
 * HTTP response and never counts against the limits), and again, as one step with the add, when the connection
 * opens ({@link PeerManager#accepted}).
 */
public final class Admission {
    /** Why a connection is refused: the HTTP status of a refused upgrade and the code a REJECT would carry. */
    public record Refusal(int status, RejectCode code) {
    }

    private final ConnectedPeers connected;
    private final Bans bans;
    private final P2pConfig config;

    Admission(ConnectedPeers connected, Bans bans, P2pConfig config) {
        this.connected = connected;
        this.bans = bans;
        this.config = config;
    }

    /** Why a new inbound connection from {@code ip} is refused now, if it is. */
    public Optional<Refusal> refusal(String ip) {
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
}
