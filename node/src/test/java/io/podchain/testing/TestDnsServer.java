package io.podchain.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * A real DNS server on 127.0.0.1 (UDP and TCP on one port) answering a headless-service name the way CoreDNS does:
 * one A record per pod, and an SRV record {@code _p2p._tcp.<name>} per pod with the port. Over UDP an answer is cut
 * to 512 bytes, or to the question's EDNS0 buffer, with the TC flag set, as CoreDNS cuts it; over TCP it is whole up
 * to the 64 KiB a DNS message holds (an SRV record per pod passes that at about 900 pods).
 * Tests change what it answers while nodes run.
 */
public final class TestDnsServer implements AutoCloseable {
    public enum Mode {
        /** A and SRV records for the current addresses. */
        ANSWER,
        /** NOERROR with no records. */
        EMPTY,
        /** Random bytes instead of a DNS message. */
        GARBAGE
    }

    private final DatagramSocket socket;
    private final ServerSocket tcp;
    private final Thread tcpThread;
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final AtomicInteger truncated = new AtomicInteger();
    private final Name name;
    private final Name srvName;
    private final Thread thread;
    private final AtomicInteger queries = new AtomicInteger();
    private volatile List<String> addresses = List.of();
    private volatile int port;
    private volatile Mode mode = Mode.ANSWER;

    public TestDnsServer(String name) {
        try {
            this.name = Name.fromString(name.endsWith(".") ? name : name + ".");
            this.srvName = Name.fromString("_p2p._tcp." + this.name);
            DatagramSocket udp = null;
            ServerSocket stream = null;
            // one port number for both transports, as a resolver asks TCP where UDP answered
            for (int attempt = 0; stream == null; attempt++) {
                udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                try {
                    stream = new ServerSocket(udp.getLocalPort(), 50, InetAddress.getLoopbackAddress());
                } catch (IOException taken) {
                    udp.close();
                    if (attempt == 20) {
                        throw taken;
                    }
                }
            }
            socket = udp;
            tcp = stream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
        tcpThread = new Thread(this::serveTcp, "test-dns-tcp");
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public void answer(List<String> ips, int p2pPort) {
        this.addresses = List.copyOf(ips);
        this.port = p2pPort;
        this.mode = Mode.ANSWER;
    }

    public void mode(Mode newMode) {
        this.mode = newMode;
    }

    public int queries() {
        return queries.get();
    }

    /** Questions asked over TCP. */
    public int tcpQueries() {
        return tcpQueries.get();
    }

    /** UDP answers that were cut and flagged TC. */
    public int truncatedAnswers() {
        return truncated.get();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                queries.incrementAndGet();
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                OPTRecord edns = query.getOPT();
                int limit = edns == null ? 512 : Math.max(512, edns.getPayloadSize());
                Message response = response(query);
                if (response != null && edns != null) {
                    response.addRecord(new OPTRecord(limit, 0, 0), Section.ADDITIONAL);
                }
                byte[] reply = response == null ? garbage(query) : cut(response, limit);
                if (response != null && response.toWire().length > limit) {
                    truncated.incrementAndGet();
                }
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Answers over TCP: two bytes of length, then the whole message (RFC 7766), one question per connection. */
    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket client = tcp.accept()) {
                client.setSoTimeout(5_000);
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] question = new byte[in.readUnsignedShort()];
                in.readFully(question);
                queries.incrementAndGet();
                tcpQueries.incrementAndGet();
                Message query = new Message(question);
                Message response = response(query);
                // a DNS message over TCP is at most 64 KiB: an answer past it is cut (TC), as over UDP
                byte[] reply = response == null ? garbage(query) : cut(response, 65_535);
                DataOutputStream out = new DataOutputStream(client.getOutputStream());
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    /**
     * The answer in at most {@code limit} bytes: as many answer records as fit, and TC when some were left out, as
     * CoreDNS cuts (record by record; dnsjava's own cut drops the whole record set).
     */
    private static byte[] cut(Message response, int limit) {
        byte[] whole = response.toWire();
        if (whole.length <= limit) {
            return whole;
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        int low = 0;
        int high = answers.size();
        while (low < high) {
            int middle = (low + high + 1) / 2;
            if (withAnswers(response, answers.subList(0, middle)).toWire().length <= limit) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        Message cut = withAnswers(response, answers.subList(0, low));
        cut.getHeader().setFlag(Flags.TC);
        return cut.toWire();
    }

    private static Message withAnswers(Message response, List<Record> answers) {
        Message copy = new Message(response.getHeader().getID());
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD}) {
            if (response.getHeader().getFlag(flag)) {
                copy.getHeader().setFlag(flag);
            }
        }
        copy.getHeader().setRcode(response.getRcode());
        copy.addRecord(response.getQuestion(), Section.QUESTION);
        answers.forEach(r -> copy.addRecord(r, Section.ANSWER));
        response.getSection(Section.ADDITIONAL).forEach(r -> copy.addRecord(r, Section.ADDITIONAL));
        return copy;
    }

    private static byte[] garbage(Message query) {
        byte[] garbage = new byte[40];
        ThreadLocalRandom.current().nextBytes(garbage);
        garbage[0] = query.toWire()[0];
        garbage[1] = query.toWire()[1];
        return garbage;
    }

    /** The answer to {@code query}, or null when this server answers garbage. */
    private Message response(Message query) throws IOException {
        if (mode == Mode.GARBAGE) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        if (mode == Mode.ANSWER) {
            if (question.getType() == Type.A && question.getName().equals(name)) {
                for (String ip : addresses) {
                    response.addRecord(new ARecord(name, DClass.IN, 5, InetAddress.getByName(ip)), Section.ANSWER);
                }
            } else if (question.getType() == Type.SRV && question.getName().equals(srvName)) {
                for (int i = 0; i < addresses.size(); i++) {
                    response.addRecord(new SRVRecord(srvName, DClass.IN, 5, 0, 100, port,
                            Name.fromString("pod-" + i + "." + name)), Section.ANSWER);
                }
            } else {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
        }
        return response;
    }

    @Override
    public void close() {
        socket.close();
        try {
            tcp.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
