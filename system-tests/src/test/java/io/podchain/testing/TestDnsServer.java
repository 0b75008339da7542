package io.podchain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * A real DNS server over UDP on 127.0.0.1 answering a headless-service name the way CoreDNS does: one A record
 * per pod, and an SRV record {@code _p2p._tcp.<name>} with the port. Tests change what it answers while nodes run.
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
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
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

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                queries.incrementAndGet();
                byte[] reply = reply(new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength())));
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private byte[] reply(Message query) throws IOException {
        if (mode == Mode.GARBAGE) {
            byte[] garbage = new byte[40];
            ThreadLocalRandom.current().nextBytes(garbage);
            garbage[0] = query.toWire()[0];
            garbage[1] = query.toWire()[1];
            return garbage;
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
        return response.toWire();
    }

    @Override
    public void close() {
        socket.close();
    }
}
