package io.podchain.p2p;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The address book and the outbound connections: the addresses discovery found, which of them are ourselves, and
 * dialling each with exponential backoff while below {@code podchain.p2p.max-outbound}.
 */
class Dialer {
    private static final Logger LOG = Logger.getLogger(Dialer.class);
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,253}:\\d{1,5}");
    /** First retry after a failed dial; doubles per failure. */
    private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    /**
     * No dial of a peer that closed with "going away" for this long, whichever side dialled: it is stopping, and a
     * pod that comes back (restart, rolling update) takes longer than this to serve again; discovery finds it then.
     */
    private static final Duration GOING_AWAY_PAUSE = Duration.ofSeconds(10);
    /**
     * Longest wait between dials of an address whose node refuses us (another cluster secret, another version, a
     * ban): each attempt costs both sides a channel handshake and a line of that address's share of the log.
     */
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(30);
    /**
     * Longest wait between dials of an address that discovery lists but that does not answer (a pod restarting, a
     * partition): a dial that fails costs one SYN, so a healed partition or a pod back from a restart is found
     * within seconds. Only addresses discovery or the configuration gave are dialled, so no stranger can make the
     * node dial anything more often.
     */
    static final Duration UNREACHABLE_BACKOFF_MAX = Duration.ofSeconds(4);

    private final Set<String> knownAddresses = ConcurrentHashMap.newKeySet();
    /**
     * An address that led to ourselves is not dialled for this long. Not for good: in a cluster, pod IPs are reused,
     * and whoever answers at an address later (or a reflected proof from a stranger there) must not blacklist it.
     */
    static final Duration SELF_PAUSE = Duration.ofMinutes(10);
    /** Addresses that led to ourselves, until when they are not dialled; our own advertised address is never dialled. */
    private final Map<String, Instant> selfAddresses = new ConcurrentHashMap<>();
    private final Set<String> dialing = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> dialFailures = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextDial = new ConcurrentHashMap<>();

    private final P2pConfig config;
    private final Clock clock;
    private final Bans bans;
    private final ConnectedPeers connected;
    /** Where dialled connections report: the connections' manager, known once it starts the dialler. */
    private volatile ConnectionEvents events;
    private final Transport transport;
    private final Scheduler scheduler;
    private final String httpHost;
    private final int httpPort;

    /**
     * @param httpHost the host this node listens on, advertised when {@link P2pConfig#advertisedAddress} is not set
     * @param httpPort the port it listens on
     */
    Dialer(P2pConfig config, Clock clock, Bans bans, ConnectedPeers connected, Transport transport,
            Scheduler scheduler, String httpHost, int httpPort) {
        this.transport = transport;
        this.config = config;
        this.clock = clock;
        this.bans = bans;
        this.connected = connected;
        this.scheduler = scheduler;
        this.httpHost = httpHost;
        this.httpPort = httpPort;
    }

    String advertisedAddress() {
        return config.advertisedAddress().orElse(httpHost + ":" + httpPort);
    }

    /** Dialling begins; what the dialled connections do is reported to {@code connectionEvents}. */
    void start(ConnectionEvents connectionEvents) {
        events = connectionEvents;
        selfAddresses.put(advertisedAddress(), Instant.MAX);
    }

    private boolean isOurs(String address) {
        Instant until = selfAddresses.get(address);
        if (until != null && !until.isAfter(clock.instant())) {
            selfAddresses.remove(address, until);
            return false;
        }
        return until != null;
    }

    void add(Collection<String> addresses) {
        for (String address : addresses) {
            if (HOST_PORT.matcher(address).matches()) {
                knownAddresses.add(address);
            } else {
                LOG.warnf("Ignoring peer address '%s': not host:port", address);
            }
        }
    }

    void retain(Collection<String> current, Collection<String> staticAddresses) {
        knownAddresses.removeIf(a -> !current.contains(a) && !staticAddresses.contains(a));
        dialFailures.keySet().retainAll(knownAddresses);
        nextDial.keySet().retainAll(knownAddresses);
    }

    /**
     * Dials what is due, in an order of its own each time (Bitcoin Core picks outbound peers at random from its
     * address book): told the same thousand addresses, every node would otherwise dial the same first few, whose
     * inbound slots fill while others get none, and the graph grows hubs instead of a low-diameter mesh.
     */
    void dialAll() {
        // with every outbound slot taken (the usual case) nothing is due: a thousand addresses are not looked at
        // each second
        if (!hasFreeOutboundSlot()) {
            return;
        }
        List<String> addresses = new ArrayList<>(knownAddresses);
        Collections.sort(addresses);
        Collections.shuffle(addresses, scheduler.random());
        for (String address : addresses) {
            if (!hasFreeOutboundSlot()) {
                return;
            }
            dial(address);
        }
    }

    private boolean hasFreeOutboundSlot() {
        return connected.count(Peer.Direction.OUTBOUND) + dialing.size() < config.maxOutbound();
    }

    /** Opens a connection unless it is ours, banned, connected, being dialled, backing off or over the limit. */
    private void dial(String address) {
        Instant now = clock.instant();
        if (isOurs(address) || bans.ipBannedUntil(Peer.hostOf(address)).isPresent()
                || connected.isConnectedTo(address)
                || nextDial.getOrDefault(address, Instant.EPOCH).isAfter(now)
                || events == null
                || !hasFreeOutboundSlot()
                || !dialing.add(address)) {
            return;
        }
        transport.dial(address, events, new Transport.Dialled() {
            @Override
            public void opened() {
                dialing.remove(address);
            }

            @Override
            public void failed(String why) {
                dialing.remove(address);
                backOff(address, null, UNREACHABLE_BACKOFF_MAX);
                LOG.debugf("Dial %s failed: %s", address, why);
            }
        });
    }

    /** A peer said it is going away: redialling it would only be refused until it is gone. */
    void goingAway(String address) {
        backOff(address, clock.instant().plus(GOING_AWAY_PAUSE));
    }

    /**
     * The next dial of an address whose node refused us waits, doubling per failure up to {@link #BACKOFF_MAX};
     * {@code until}, when given, is the earliest moment anyway.
     */
    void backOff(String address, Instant until) {
        backOff(address, until, BACKOFF_MAX);
    }

    private void backOff(String address, Instant until, Duration longest) {
        int failures = dialFailures.merge(address, 1, Integer::sum);
        long millis = Math.min(longest.toMillis(), BACKOFF_BASE.toMillis() << Math.min(failures - 1, 20));
        long jittered = (long) (millis * (0.8 + 0.4 * scheduler.random().nextDouble()));
        Instant next = clock.instant().plusMillis(jittered);
        nextDial.put(address, until != null && until.isAfter(next) ? until : next);
    }

    void succeeded(String address) {
        dialFailures.remove(address);
        nextDial.remove(address);
    }

    /** The address led to ourselves: not dialled again for {@link #SELF_PAUSE}. */
    void isSelf(String address) {
        selfAddresses.merge(address, clock.instant().plus(SELF_PAUSE), (old, pause) -> old.isAfter(pause) ? old : pause);
    }
}
