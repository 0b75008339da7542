package io.podchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client shares behind a trusted proxy, at both edges: from the proxy's address (127.0.0.2 here, as an Ingress
 * controller's pod) each client its header names has its own share, and a client's own entry in an appending
 * proxy's header picks nothing; from any other address (127.0.0.1) the header changes nothing. Requests go out of
 * real sockets bound to those loopback addresses.
 */
@QuarkusTest
@TestProfile(TrustedProxyTest.BehindAProxy.class)
@WithTestResource(EmbeddedPostgresResource.class)
class TrustedProxyTest {
    private static final String PROXY = "127.0.0.2";
    private static final String STRANGER = "127.0.0.1";
    /** Another address that is no proxy, whose connection share no other test uses. */
    private static final String NEIGHBOUR = "127.0.0.3";
    /** More requests than a share of 1 per second (2 in a burst) answers in the seconds this test takes. */
    private static final int REQUESTS = 30;

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podchain.api.client-requests-per-second", "1",
                    "podchain.api.client-connections", "2",
                    "podchain.api.trusted-proxies", PROXY + "/32");
        }
    }

    @TestHTTPResource("/")
    URL server;

    private final List<Socket> open = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
    }

    private record Answer(int status, String body) {
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket(InetAddress.getByName(server.getHost()), server.getPort(),
                InetAddress.getByName(from), 0);
        socket.setSoTimeout(30_000);
        open.add(socket);
        return socket;
    }

    /** One request on its own connection, which the node then closes. */
    private Answer get(String from, String forwardedFor) throws IOException {
        try (Socket socket = connect(from)) {
            send(socket, forwardedFor, true);
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new Answer(status, text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    private static void send(Socket socket, String forwardedFor, boolean close) throws IOException {
        String request = "GET /api/chain HTTP/1.1\r\nHost: podchain\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                + (close ? "Connection: close\r\n" : "") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The status of the first answer on a kept-alive connection (its headers only). */
    private static int status(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n' && b >= 0; b = in.read()) {
            line.write(b);
        }
        return Integer.parseInt(line.toString(StandardCharsets.US_ASCII).substring(9, 12));
    }

    @Test
    void behindTheProxyEachClientHasItsOwnShare() throws IOException {
        // thirty clients, each with a share of 2 in a burst: all answered
        for (int i = 0; i < REQUESTS; i++) {
            assertThat(get(PROXY, "198.51.100." + i).status()).as("client %d", i).isEqualTo(200);
        }
        // one client beyond its share is refused, by its own address, while its neighbour is not
        List<Answer> one = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            one.add(get(PROXY, "198.51.101.1"));
        }
        Answer refused = one.stream().filter(a -> a.status() == 429).findFirst()
                .orElseThrow(() -> new AssertionError(REQUESTS + " requests of one client were all answered"));
        assertThat(refused.body()).contains("from 198.51.101.1");
        assertThat(get(PROXY, "198.51.101.2").status()).isEqualTo(200);
    }

    @Test
    void aClientsOwnEntryInAnAppendingProxysHeaderPicksNothing() throws IOException {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            // the client wrote a new address each time; the proxy appended the one it saw
            answers.add(get(PROXY, "203.0.113." + i + ", 198.51.102.1"));
        }
        assertThat(answers).anyMatch(a -> a.status() == 429);
        assertThat(answers).filteredOn(a -> a.status() == 429).allMatch(a -> a.body().contains("from 198.51.102.1"));
    }

    @Test
    void fromAnyOtherAddressTheHeaderChangesNothing() throws IOException {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            answers.add(get(STRANGER, "198.51.103." + i));
        }
        assertThat(answers).anyMatch(a -> a.status() == 429);
        assertThat(answers).filteredOn(a -> a.status() == 429)
                .allMatch(a -> a.body().contains("from " + STRANGER));
    }

    @Test
    void theProxysConnectionsAreNotCountedAsOneClients() throws IOException {
        // a share of 2 connections per address: the proxy holds 3 open, each carrying another client
        List<Socket> proxy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = connect(PROXY);
            send(socket, "198.51.104." + i, false);
            proxy.add(socket);
        }
        for (Socket socket : proxy) {
            assertThat(status(socket)).isEqualTo(200);
        }
        // another address still has its share of 2, and its third connection is refused
        List<Socket> stranger = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = connect(NEIGHBOUR);
            send(socket, "198.51.105." + i, false);
            stranger.add(socket);
        }
        List<Integer> statuses = new ArrayList<>();
        for (Socket socket : stranger) {
            statuses.add(status(socket));
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 200, 429);
    }
}
