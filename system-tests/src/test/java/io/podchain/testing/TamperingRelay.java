package io.podchain.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An on-path relay between a dialling node and the node it dials, on its own loopback address: it forwards every
 * byte, and on request changes, repeats or adds one WebSocket frame of the dialled node's (the server's frames are
 * unmasked, so the relay reads their boundaries as any middlebox could). What an attacker on the path can do to a
 * session it cannot read.
 */
public final class TamperingRelay implements AutoCloseable {
    /** What the relay does to the next binary frame from the dialled node. */
    public enum Tamper {
        NONE,
        /** One bit of the frame's last byte flipped. */
        FLIP,
        /** The frame forwarded twice. */
        REPLAY,
        /** A frame of random bytes sent before it. */
        INJECT
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Tamper> next = new AtomicReference<>(Tamper.NONE);
    private final AtomicInteger tampered = new AtomicInteger();

    public TamperingRelay(String host, InetSocketAddress target) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getByName(host));
        this.target = target;
        Thread acceptor = new Thread(this::accept, "tampering-relay-" + host);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** The next binary frame the dialled node sends is tampered with this way. */
    public void tamperNext(Tamper how) {
        next.set(how);
    }

    /** Frames tampered with so far. */
    public int tampered() {
        return tampered.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort(), server.getInetAddress(), 0);
                open.add(client);
                open.add(upstream);
                thread(() -> copy(client.getInputStream(), upstream.getOutputStream()));
                thread(() -> frames(upstream.getInputStream(), client.getOutputStream()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void thread(Pump pump) {
        Thread thread = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException ignored) {
                // the connection closed
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
        out.close();
    }

    /** The HTTP upgrade answer as it is, then frame by frame. */
    private void frames(InputStream raw, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        // the 101 answer ends with an empty line
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            out.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        out.flush();
        while (true) {
            int first = in.read();
            if (first < 0) {
                out.close();
                return;
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            byte[] extended = new byte[length == 126 ? 2 : length == 127 ? 8 : 0];
            in.readFully(extended);
            if (length == 126) {
                length = ((extended[0] & 0xff) << 8) | (extended[1] & 0xff);
            } else if (length == 127) {
                length = 0;
                for (byte b : extended) {
                    length = (length << 8) | (b & 0xff);
                }
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            boolean binary = (first & 0x0f) == 2;
            Tamper how = binary ? next.getAndSet(Tamper.NONE) : Tamper.NONE;
            if (how == Tamper.INJECT) {
                byte[] junk = new byte[64];
                new Random(tampered.get()).nextBytes(junk);
                out.write(new byte[] {(byte) 0x82, (byte) junk.length});
                out.write(junk);
            }
            if (how == Tamper.FLIP && payload.length > 0) {
                payload[payload.length - 1] ^= 1;
            }
            int times = how == Tamper.REPLAY ? 2 : 1;
            for (int i = 0; i < times; i++) {
                out.write(first);
                out.write(second);
                out.write(extended);
                out.write(payload);
            }
            out.flush();
            if (how != Tamper.NONE) {
                tampered.incrementAndGet();
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        server.close();
    }
}
