package io.podchain.p2p;

import io.podchain.chain.ChainParams;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Signature;
import io.podchain.ledger.ChainSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The proof of each side's node key, inside the channel (docs/protocol.md): the dialler sends HELLO as the channel
 * opens, the other side answers with its HELLO, the dialler proves its key (AUTH), and only once that proof holds does
 * the other side send its own. Each AUTH signs the channel's binding ({@link SecureChannel#binding}, the Noise
 * handshake hash, the same on both ends of this connection and on no other), so a proof cannot be forwarded to
 * another connection: a relay between two nodes holds two channels with two bindings. Nothing about the peer is
 * recorded or acted on before its proof: no registry row, no duplicate-connection choice, no ban of its key, no sync.
 * Until then it is an IP address with a socket, and only that address can be penalised.
 */
class Handshake {
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private static final Logger LOG = Logger.getLogger(Handshake.class);

    private final LocalChain chain;
    private final ChainParams params;
    private final NodeKey identity;
    private final PeerRegistry registry;
    private final Bans bans;
    private final Clock clock;
    private final PeerDiscipline discipline;
    private final Dialer dialer;
    private final ConnectedPeers connected;
    private final P2pConfig config;
    private final ChainFollower sync;
    private final MessageInventory inventory;
    /** The only messages of a peer before its proof. */
    private final MessageHandlers beforeProof;

    Handshake(LocalChain chain, ChainParams params, NodeKey identity, PeerRegistry registry, Bans bans, Clock clock,
            PeerDiscipline discipline, Dialer dialer, ConnectedPeers connected, P2pConfig config,
            ChainFollower sync, MessageInventory inventory) {
        this.chain = chain;
        this.inventory = inventory;
        this.params = params;
        this.identity = identity;
        this.registry = registry;
        this.bans = bans;
        this.clock = clock;
        this.discipline = discipline;
        this.dialer = dialer;
        this.connected = connected;
        this.config = config;
        this.sync = sync;
        this.beforeProof = new MessageHandlers(discipline,
                (peer, other) -> discipline.penalize(peer, RejectCode.BAD_HANDSHAKE, "HELLO and AUTH must come first"))
                .on(ProtocolMessage.Hello.class, this::onHello)
                .on(ProtocolMessage.Auth.class, this::onAuth);
    }

    ProtocolMessage.Hello hello(Peer peer) {
        ChainSummary summary = chain.summary();
        return new ProtocolMessage.Hello(peer.channel().version(), summary.networkId(),
                summary.genesisHash().toHex(), identity.publicKey().toHex(), dialer.advertisedAddress(),
                Hex.encode(peer.binding()), summary.height(), summary.tip().hash().toHex(),
                summary.cumulativeWork().toString());
    }

    /** A message from a peer that has not proven its key yet. */
    void handle(Peer peer, ProtocolMessage message) {
        beforeProof.handle(peer, message);
    }

    private void onHello(Peer peer, ProtocolMessage.Hello hello) {
        if (peer.hello() != null) {
            discipline.penalize(peer, RejectCode.BAD_HANDSHAKE, "HELLO twice");
            return;
        }
        // network and genesis are fixed by configuration: checked without the database
        if (hello.protocolVersion() != peer.channel().version()) {
            discipline.reject(peer, RejectCode.WRONG_PROTOCOL_VERSION, "the channel agreed on version "
                    + peer.channel().version());
            return;
        }
        if (!Hex.encode(peer.binding()).equals(hello.challenge())) {
            // a HELLO made for another channel: forwarded by whoever sits between us and its author
            discipline.penalize(peer, RejectCode.BAD_HANDSHAKE, "HELLO is bound to another connection");
            return;
        }
        if (!params.networkId().equals(hello.networkId())) {
            discipline.reject(peer, RejectCode.WRONG_NETWORK, "this node is on network " + params.networkId());
            return;
        }
        if (!chain.genesisHash().toHex().equals(hello.genesisHash())) {
            discipline.reject(peer, RejectCode.WRONG_GENESIS, "this network's genesis is " + chain.genesisHash());
            return;
        }
        PublicKey.fromHex(hello.nodeKey()); // a malformed key is MALFORMED now, not when the proof is checked
        peer.receivedHello(hello);
        if (ourRole(peer) == HandshakeProof.Role.RESPONDER) {
            peer.send(hello(peer)); // our proof waits for theirs
        } else {
            peer.send(auth(peer, hello));
        }
    }

    private ProtocolMessage.Auth auth(Peer peer, ProtocolMessage.Hello theirs) {
        return new ProtocolMessage.Auth(transcript(peer, theirs).sign(identity.signingKey(), ourRole(peer)).toHex());
    }

    private void onAuth(Peer peer, ProtocolMessage.Auth auth) {
        ProtocolMessage.Hello hello = peer.hello();
        if (hello == null) {
            discipline.penalize(peer, RejectCode.BAD_HANDSHAKE, "AUTH before HELLO");
            return;
        }
        HandshakeProof.Role them = ourRole(peer) == HandshakeProof.Role.INITIATOR ? HandshakeProof.Role.RESPONDER
                : HandshakeProof.Role.INITIATOR;
        if (!transcript(peer, hello).verify(them, Signature.fromHex(auth.signature()))) {
            discipline.penalize(peer, RejectCode.BAD_AUTH, "the signature does not prove key " + hello.nodeKey()
                    + " for this connection");
            return;
        }
        if (ourRole(peer) == HandshakeProof.Role.RESPONDER) {
            peer.send(auth(peer, hello)); // the dialler proved its key: now ours
        }
        complete(peer, PublicKey.fromHex(hello.nodeKey()), hello);
    }

    /** The peer proved {@code key}. Serialised, so two connections of one node cannot both pass as the only one. */
    private synchronized void complete(Peer peer, PublicKey key, ProtocolMessage.Hello hello) {
        if (key.equals(identity.publicKey())) {
            if (peer.direction() == Peer.Direction.OUTBOUND) {
                dialer.isSelf(peer.address());
            }
            discipline.reject(peer, RejectCode.SELF, "connected to itself");
            return;
        }
        Instant now = clock.instant();
        Optional<PeerRegistry.Standing> standing = registry.standing(key.toHex());
        Optional<Instant> banned = bans.keyBannedUntil(key.toHex())
                .or(() -> standing.map(PeerRegistry.Standing::bannedUntil).filter(until -> until.isAfter(now)));
        if (banned.isPresent()) {
            discipline.reject(peer, RejectCode.BANNED, "banned until " + banned.get());
            if (peer.direction() == Peer.Direction.OUTBOUND) {
                dialer.backOff(peer.address(), banned.get());
            }
            return;
        }
        if (peer.direction() == Peer.Direction.INBOUND && connected.provenInbound() >= config.maxInbound()) {
            discipline.reject(peer, RejectCode.TOO_MANY_PEERS, "this node accepts " + config.maxInbound() + " peers");
            return;
        }
        Optional<String> address = reachableAddress(peer, hello.advertisedAddress());
        if (address.isEmpty()) {
            discipline.penalize(peer, RejectCode.MALFORMED, "advertised address is not host:port");
            return;
        }
        peer.markReady(key, address.get());
        if (!keepOverExisting(peer)) {
            discipline.reject(peer, RejectCode.DUPLICATE_CONNECTION, "already connected to " + key);
            return;
        }
        // misbehaviour belongs to the key: a reconnect continues where the last connection left off, and an
        // expired ban starts afresh
        if (standing.isPresent()) {
            peer.markRecorded();
        }
        peer.setMisbehaviour(standing.filter(s -> s.bannedUntil() == null).map(PeerRegistry.Standing::misbehaviour)
                .orElse(0));
        peer.claim(new Peer.ChainPosition(hello.height(), Hash.fromHex(hello.tipHash()),
                ProtocolCodec.work(hello.cumulativeWork())));
        if (peer.direction() == Peer.Direction.OUTBOUND) {
            dialer.succeeded(peer.address());
        }
        ready(peer);
    }

    /** The handshake proved the peer: it is one of our peers from now on. */
    private void ready(Peer peer) {
        LOG.infof("Connected %s, which claims height %d (protocol version %d)", peer, peer.claimed().height(),
                peer.channel().version());
        discipline.save(peer, "ONLINE");
        Housekeeping.ping(peer);
        inventory.announcePending(peer);
        sync.consider();
    }

    /**
     * One connection per pair of proven nodes. When both dialled at once, both sides keep the connection dialled by
     * the node with the smaller key, so they agree without talking about it; the other is closed without penalty.
     *
     * @return false when {@code candidate} is the one to close
     */
    private boolean keepOverExisting(Peer candidate) {
        Optional<Peer> existing = connected.readyWithKey(candidate.nodeKey(), candidate);
        if (existing.isEmpty()) {
            return true;
        }
        boolean weAreSmaller = identity.publicKey().toHex().compareTo(candidate.nodeKey().toHex()) < 0;
        Peer.Direction preferred = weAreSmaller ? Peer.Direction.OUTBOUND : Peer.Direction.INBOUND;
        if (candidate.direction() == preferred && existing.get().direction() != preferred) {
            discipline.reject(existing.get(), RejectCode.DUPLICATE_CONNECTION,
                    "keeping the connection dialled by the smaller key");
            return true;
        }
        return false;
    }

    /**
     * Where the peer can be reached: the address we dialled, or for an inbound peer the IP its connection comes
     * from with the port it says it listens on. The host it advertises is never taken on its word.
     */
    static Optional<String> reachableAddress(Peer peer, String advertised) {
        if (peer.direction() == Peer.Direction.OUTBOUND) {
            return Optional.of(peer.address());
        }
        int colon = advertised.lastIndexOf(':');
        String port = colon < 0 ? "" : advertised.substring(colon + 1);
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65_535) {
            return Optional.empty();
        }
        return Optional.of(peer.remoteHost() + ":" + port);
    }

    private static HandshakeProof.Role ourRole(Peer peer) {
        return peer.direction() == Peer.Direction.OUTBOUND ? HandshakeProof.Role.INITIATOR
                : HandshakeProof.Role.RESPONDER;
    }

    private HandshakeProof.Transcript transcript(Peer peer, ProtocolMessage.Hello theirs) {
        PublicKey ourKey = identity.publicKey();
        PublicKey theirKey = PublicKey.fromHex(theirs.nodeKey());
        byte[] binding = peer.binding(); // both "challenges" of the proof: the channel's, which both sides share
        boolean weDialled = peer.direction() == Peer.Direction.OUTBOUND;
        return new HandshakeProof.Transcript(theirs.networkId(), Hash.fromHex(theirs.genesisHash()),
                weDialled ? ourKey : theirKey, weDialled ? theirKey : ourKey, binding, binding);
    }
}
