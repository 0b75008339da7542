package io.podchain.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS questions discovery asks about a headless Service, through dnsjava's resolver: the A records of the name
 * (one per ready pod) and the port of {@code _p2p._tcp.<name>}'s SRV record. A StatefulSet of hundreds of pods
 * answers with more than one UDP packet holds: the question carries EDNS0 with a {@link #UDP_PAYLOAD} buffer, and
 * an answer still truncated (TC) is asked again over TCP (RFC 7766), so the node sees every pod, not the first few
 * dozen a 512-byte answer holds.
 */
final class HeadlessServiceLookup {
    /** The EDNS0 buffer we advertise: DNS Flag Day 2020's size, which no path fragments. */
    static final int UDP_PAYLOAD = 1232;

    /** What the service's name answers: the pods' IPv4 addresses and, when published, the P2P port. */
    record Answer(List<String> ips, Optional<Integer> port) {
    }

    private final SimpleResolver resolver;

    HeadlessServiceLookup(InetSocketAddress server, Duration timeout) {
        resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        resolver.setEDNS(0, UDP_PAYLOAD, 0, List.of());
    }

    /** Asks for the name's A records, then its SRV port; a name without records answers with no addresses. */
    Answer lookup(String name) throws IOException {
        Name service = absolute(name);
        List<String> ips = new ArrayList<>();
        for (Record record : ask(service, Type.A)) {
            if (record instanceof ARecord a) {
                ips.add(a.getAddress().getHostAddress());
            }
        }
        return new Answer(ips, srvPort(service));
    }

    private Optional<Integer> srvPort(Name service) {
        try {
            for (Record record : ask(Name.concatenate(Name.fromConstantString("_p2p._tcp"), service), Type.SRV)) {
                if (record instanceof SRVRecord srv && srv.getPort() > 0 && srv.getPort() < 65536) {
                    return Optional.of(srv.getPort());
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // no SRV record is a service without a named port: the configured default port applies
            return Optional.empty();
        }
    }

    private List<Record> ask(Name name, int type) throws IOException {
        Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new IOException("the DNS server answered " + Rcode.string(rcode));
        }
        return response.getSection(Section.ANSWER);
    }

    /** Names are asked as given, from the root (no search domains: the chart gives the service's full name). */
    private static Name absolute(String name) throws TextParseException {
        return Name.fromString(name.endsWith(".") ? name : name + ".");
    }
}
