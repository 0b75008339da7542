package io.podchain.discovery;

import io.podchain.p2p.PeerManager;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Finds peers through the DNS of a Kubernetes headless service: the A records of {@code podchain.discovery.dns-name}
 * are the pods, and the SRV record {@code _p2p._tcp.<name>} (published for a named port) gives their port. Asked
 * every interval plus up to a fifth of jitter, through {@link HeadlessServiceLookup} (no JVM-wide cache, any server
 * and port, answers of any size).
 * Failures, empty and garbage answers are logged and retried; the node keeps running.
 */
@ApplicationScoped
public class DnsDiscovery {
    private static final Logger LOG = Logger.getLogger(DnsDiscovery.class);
    /** A DNS answer slower than this is a failure for this round; CoreDNS answers in milliseconds. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    private final DiscoveryConfig config;
    private final PeerManager peers;
    private final Clock clock;
    private HeadlessServiceLookup lookup;
    private volatile Instant nextQuery = Instant.EPOCH;
    private volatile String lastProblem;

    DnsDiscovery(DiscoveryConfig config, PeerManager peers, Clock clock) {
        this.config = config;
        this.peers = peers;
        this.clock = clock;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (config.dnsName().isEmpty() || clock.instant().isBefore(nextQuery)) {
            return;
        }
        long interval = config.interval().toMillis();
        nextQuery = clock.instant().plusMillis(interval + ThreadLocalRandom.current().nextLong(interval / 5 + 1));
        resolve(config.dnsName().get());
    }

    void resolve(String name) {
        try {
            HeadlessServiceLookup.Answer answer = lookup().lookup(name);
            int port = answer.port().orElse(config.defaultPort());
            Set<String> found = new LinkedHashSet<>();
            for (String ip : answer.ips()) {
                if (isIpv4(ip)) {
                    found.add(ip + ":" + port);
                } else {
                    problem("ignoring answer '" + ip + "' for " + name + ": not an IPv4 address");
                }
            }
            if (found.isEmpty()) {
                problem("no addresses for " + name + " yet");
            } else if (lastProblem != null) {
                LOG.infof("DNS answers again for %s: %d addresses", name, Integer.valueOf(found.size()));
                lastProblem = null;
            }
            peers.addAddresses(found);
            peers.retainAddresses(found, config.peers().orElse(List.of()));
        } catch (Exception e) {
            problem("DNS lookup of " + name + " failed: " + rootMessage(e));
        }
    }

    private static boolean isIpv4(String text) {
        var m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Logs a problem once per change, not every few seconds. */
    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            LOG.warn(message + "; retrying every " + config.interval());
            lastProblem = message;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private synchronized HeadlessServiceLookup lookup() throws IOException {
        if (lookup == null) {
            String server = config.dnsServer().orElseGet(DnsDiscovery::systemNameserver);
            int colon = server.lastIndexOf(':');
            String host = colon > 0 && server.indexOf(':') == colon ? server.substring(0, colon) : server;
            int port = colon > 0 && server.indexOf(':') == colon ? Integer.parseInt(server.substring(colon + 1)) : 53;
            lookup = new HeadlessServiceLookup(new InetSocketAddress(InetAddress.getByName(host), port), QUERY_TIMEOUT);
            LOG.infof("Discovering peers through DNS server %s:%d", host, port);
        }
        return lookup;
    }

    /** The first nameserver of /etc/resolv.conf (in Kubernetes: CoreDNS); 127.0.0.1 if there is none. */
    static String systemNameserver() {
        try {
            List<String> servers = new ArrayList<>();
            for (String line : Files.readAllLines(RESOLV_CONF)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 2 && parts[0].equals("nameserver")) {
                    servers.add(parts[1]);
                }
            }
            return servers.isEmpty() ? "127.0.0.1" : servers.get(0);
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }
}
