package io.podchain.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy on a loopback address that delays every byte by a fixed time each way (a peer "far away" for
 * round-trip-time tests) and can be cut and healed (a network partition). Pipelined: a chunk waits only its own
 * delay, so throughput is not throttled.
 */
public final class DelayProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public DelayProxy(String host, int port, InetSocketAddress target, Duration delayEachWay) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getByName(host));
        this.target = target;
        this.delayNanos = delayEachWay.toNanos();
        Thread acceptor = new Thread(this::accept, "delay-proxy-" + host);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                // from the proxy's own address, so that each link is a distinct host to both ends
                Socket upstream = new Socket(target.getAddress(), target.getPort(), server.getInetAddress(), 0);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private void pump(Socket from, Socket to) throws IOException {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[65_536];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException ignored) {
                // the connection closed
            }
            queue.add(new Chunk(0, null));
        });
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk.bytes() == null) {
                        to.shutdownOutput();
                        return;
                    }
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        // the simulated network latency itself, not a wait for something to happen
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // the connection closed
            }
        });
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** A network partition: drops every connection through this link and refuses new ones until healed. */
    public void cut() {
        cut = true;
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        open.clear();
    }

    public void heal() {
        cut = false;
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
