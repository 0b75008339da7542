package io.podchain.p2p;

import io.podchain.chain.PublicKey;
import io.podchain.log.LogLimiter;
import io.podchain.log.LogSafe;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Peer discipline in one place: refusals (REJECT and close, no blame), penalties (misbehaviour points on the proven
 * key, or on the address before a proof, and a ban at {@link P2pLimits#BAN_THRESHOLD}), the registry rows they
 * leave, and the log lines about peers, a few a minute per address. Every handler calls this, never the
 * connections' manager.
 */
public class PeerDiscipline {
    private static final Logger LOG = Logger.getLogger(PeerDiscipline.class);

    private final ConnectedPeers connected;
    private final Bans bans;
    private final PeerRegistry registry;
    private final Clock clock;
    private final P2pMetrics metrics;
    /** Lines about one IP or key: a few a minute, then counted (a flood of bad input is not a flood of lines). */
    private final LogLimiter logLimiter = new LogLimiter();

    PeerDiscipline(ConnectedPeers connected, Bans bans, PeerRegistry registry, Clock clock, P2pMetrics metrics) {
        this.connected = connected;
        this.metrics = metrics;
        this.bans = bans;
        this.registry = registry;
        this.clock = clock;
    }

    /** Sends REJECT and closes, without penalty (wrong network, self, duplicates, limits). */
    void reject(Peer peer, RejectCode code, String reason) {
        metrics.rejectSent(code, P2pMetrics.REFUSED);
        peer.send(new ProtocolMessage.Reject(code.name(), bounded(reason)));
        // the close frame says it too: before the channel is up a REJECT cannot be sent
        peer.close(code.name() + ": " + reason);
    }

    /**
     * Sends REJECT with the reason and adds the code's misbehaviour: to the proven node key (kept across connections
     * and restarts) or, before the proof, to the connection's IP address. At the threshold the key or the address is
     * banned and the connection closed.
     */
    public void penalize(Peer peer, RejectCode code, String reason) {
        if (peer.isClosing()) {
            return;
        }
        note(peer, "Peer %s misbehaved: %s %s", peer, code, LogSafe.of(reason));
        metrics.rejectSent(code, P2pMetrics.PENALIZED);
        peer.send(new ProtocolMessage.Reject(code.name(), bounded(reason)));
        if (!peer.completedHandshake()) {
            // an unknown host that broke the handshake's rules has nothing more to say: closed, and its address
            // carries the points (its next connection is refused before the upgrade once they reach the threshold)
            if (bans.penalizeIp(peer.remoteHost(), code.misbehaviour())) {
                metrics.banned(P2pMetrics.ADDRESS);
                LOG.warnf("Banned address %s until %s", peer.remoteHost(),
                        bans.ipBannedUntil(peer.remoteHost()).map(Instant::toString).orElse("now"));
            }
            peer.close(code.name());
            return;
        }
        int score = peer.addMisbehaviour(code.misbehaviour());
        if (score >= P2pLimits.BAN_THRESHOLD) {
            Instant until = clock.instant().plus(P2pLimits.BAN_DURATION);
            bans.banKey(peer.nodeKey().toHex(), until);
            metrics.banned(P2pMetrics.KEY);
            // its address too, so that one host cannot bring fresh key after fresh key; but not when other proven
            // nodes connect from it (pods behind one egress address), who would be banned for a stranger's deeds
            if (connected.ready().stream().noneMatch(p -> p != peer && p.remoteHost().equals(peer.remoteHost()))) {
                bans.banIp(peer.remoteHost(), until);
                metrics.banned(P2pMetrics.ADDRESS);
            }
            LOG.warnf("Banned %s until %s (misbehaviour %d)", peer, until, score);
            save(peer, "BANNED");
            peer.close("banned: " + code);
        } else {
            save(peer, "ONLINE");
        }
    }

    /**
     * A block that broke a rule checked only after a relay ({@code Rule.needsBranchMessages}): its producer, whose
     * signature it carries, is penalised, not the peer that relayed it, which did what the protocol asks. A producer
     * connected to us gets the code's misbehaviour on its connection; one that is not is banned by key when the
     * code alone earns a ban, so that it is refused if it comes.
     */
    void penalizeProducer(Peer relayer, PublicKey producer, RejectCode code, String reason) {
        List<Peer> producers = connected.ready().stream().filter(p -> producer.equals(p.nodeKey())).toList();
        if (!producers.isEmpty()) {
            producers.forEach(p -> penalize(p, code, reason));
            return;
        }
        note(relayer, "A block relayed by %s broke a rule checked after relaying (%s); its producer %s is to blame",
                relayer, LogSafe.of(reason), producer.toHex());
        if (code.misbehaviour() >= P2pLimits.BAN_THRESHOLD) {
            Instant until = clock.instant().plus(P2pLimits.BAN_DURATION);
            bans.banKey(producer.toHex(), until);
            metrics.banned(P2pMetrics.KEY);
            LOG.warnf("Banned the key %s until %s: it produced an invalid block", producer.toHex(), until);
        }
    }

    /**
     * A line about a peer, a few a minute per IP address ({@link LogLimiter}); every argument that came from the
     * peer is already {@link LogSafe}.
     */
    void note(Peer peer, String format, Object... args) {
        String line = logLimiter.line(peer.remoteHost(), String.format(format, args));
        if (line != null) {
            LOG.info(line);
        }
    }

    /** Our reasons quote what the peer sent at times (a parse error, a type name): bounded as the codec bounds theirs. */
    private static String bounded(String reason) {
        return reason.length() <= P2pLimits.MAX_REJECT_REASON_CHARS ? reason
                : reason.substring(0, P2pLimits.MAX_REJECT_REASON_CHARS);
    }

    /**
     * Writes the peer's registry row, once it is worth one ({@link #worthARow}); until then a connected peer is shown
     * from memory ({@link #record}) and a throwaway key that comes and goes leaves nothing behind.
     */
    private final Object registryWrites = new Object();

    void save(Peer peer, String status) {
        if (!peer.recorded() && !worthARow(peer, status)) {
            return;
        }
        // one save at a time, each committed before the next starts: two threads saving a key's first row at once
        // (a penalty from sync beside a PING's "online") both found no row and the second insert failed
        synchronized (registryWrites) {
            registry.save(record(peer, status));
        }
        peer.markRecorded();
    }

    /**
     * A key earns a row by backing work with headers or blocks, by staying {@link P2pLimits#UNKNOWN_KEY_PROBATION},
     * by misbehaving (its points must survive a reconnect) or by being banned.
     */
    private boolean worthARow(Peer peer, String status) {
        return "BANNED".equals(status) || peer.misbehaviour() > 0 || peer.verified().work().signum() > 0
                || !peer.connectedAt().plus(P2pLimits.UNKNOWN_KEY_PROBATION).isAfter(clock.instant());
    }

    /** The peer as its registry row says it, now. */
    public PeerRegistry.PeerRecord record(Peer peer, String status) {
        Instant now = clock.instant();
        Peer.ChainPosition claimed = peer.claimed();
        Peer.ChainPosition verified = peer.verified();
        return new PeerRegistry.PeerRecord(peer.nodeKey().toHex(), peer.address(), peer.direction().name(),
                status, Double.isNaN(peer.rttMillis()) ? null : peer.rttMillis(), claimed.height(), claimed.work(),
                verified.height(), verified.work(), peer.misbehaviour(),
                bans.keyBannedUntil(peer.nodeKey().toHex()).orElse(null), now, now);
    }
}
