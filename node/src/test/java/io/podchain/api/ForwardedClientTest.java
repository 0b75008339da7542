package io.podchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.api.ForwardedClient.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which address a request is counted by: a forwarded header is read only from a trusted proxy, right to left, so
 * that what a client writes into it never picks its share.
 */
class ForwardedClientTest {
    /** An Ingress controller's pod range and a mesh sidecar on the pod's loopback. */
    private static final List<String> TRUSTED = List.of("10.42.0.0/16", "127.0.0.6", "fd00::/8");
    private static final ForwardedClient XFF = new ForwardedClient(TRUSTED, Header.X_FORWARDED_FOR);
    private static final ForwardedClient RFC = new ForwardedClient(TRUSTED, Header.FORWARDED);

    static Stream<Arguments> xForwardedFor() {
        return Stream.of(
                // an untrusted socket: the header is what a client wrote, and changes nothing
                Arguments.of("203.0.113.9", "198.51.100.1", "203.0.113.9"),
                Arguments.of("10.43.0.1", "198.51.100.1", "10.43.0.1"),
                // a trusted proxy that overwrites the header, or appends to an empty one
                Arguments.of("10.42.3.4", "198.51.100.1", "198.51.100.1"),
                // a trusted proxy that appends to what the client sent: the client's own entry is to the left
                Arguments.of("10.42.3.4", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
                Arguments.of("10.42.3.4", "6.6.6.6,198.51.100.1", "198.51.100.1"),
                // two trusted hops (a sidecar behind the Ingress controller)
                Arguments.of("127.0.0.6", "6.6.6.6, 198.51.100.1, 10.42.0.7", "198.51.100.1"),
                // a client that writes a trusted address does not skip past its own entry
                Arguments.of("10.42.3.4", "198.51.100.1, 10.42.9.9, 198.51.100.2", "198.51.100.2"),
                // every hop trusted: the farthest one
                Arguments.of("10.42.3.4", "10.42.0.1, 10.42.0.2", "10.42.0.1"),
                // ports and IPv6
                Arguments.of("10.42.3.4", "198.51.100.1:5123", "198.51.100.1"),
                Arguments.of("10.42.3.4", "[2001:db8::1]:443", "2001:db8:0:0:0:0:0:1"),
                Arguments.of("10.42.3.4", "2001:db8::1", "2001:db8:0:0:0:0:0:1"),
                Arguments.of("fd00::5", "198.51.100.1", "198.51.100.1"),
                // an entry that is no address stops at the trusted proxy that passed it on
                Arguments.of("10.42.3.4", "unknown", "10.42.3.4"),
                Arguments.of("10.42.3.4", "198.51.100.1, garbage, 10.42.0.2", "10.42.0.2"),
                Arguments.of("10.42.3.4", "", "10.42.3.4"),
                Arguments.of("10.42.3.4", " , ", "10.42.3.4"),
                // a name is never looked up
                Arguments.of("10.42.3.4", "localhost", "10.42.3.4"),
                Arguments.of("10.42.3.4", null, "10.42.3.4"));
    }

    @ParameterizedTest
    @MethodSource
    void xForwardedFor(String peer, String header, String client) {
        assertThat(XFF.client(peer, header)).isEqualTo(client);
    }

    static Stream<Arguments> forwarded() {
        return Stream.of(
                Arguments.of("203.0.113.9", "for=198.51.100.1", "203.0.113.9"),
                Arguments.of("10.42.3.4", "for=198.51.100.1;proto=https;by=10.42.3.4", "198.51.100.1"),
                Arguments.of("10.42.3.4", "for=6.6.6.6, for=198.51.100.1", "198.51.100.1"),
                Arguments.of("10.42.3.4", "FOR=\"198.51.100.1:80\"", "198.51.100.1"),
                Arguments.of("10.42.3.4", "for=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe:0:0:0:0:17"),
                Arguments.of("10.42.3.4", "for=_hidden, for=10.42.0.2", "10.42.0.2"),
                Arguments.of("10.42.3.4", "proto=https", "10.42.3.4"),
                Arguments.of("10.42.3.4", "for=unknown", "10.42.3.4"));
    }

    @ParameterizedTest
    @MethodSource
    void forwarded(String peer, String header, String client) {
        assertThat(RFC.client(peer, header)).isEqualTo(client);
    }

    @Test
    void onlyTheConfiguredHeaderIsRead() {
        // a proxy that writes X-Forwarded-For passes a client's Forwarded header on untouched
        assertThat(XFF.client("10.42.3.4", "for=6.6.6.6")).isEqualTo("10.42.3.4");
    }

    @Test
    void withoutTrustedProxiesNoHeaderIsRead() {
        ForwardedClient none = new ForwardedClient(List.of(), Header.X_FORWARDED_FOR);
        assertThat(none.client("127.0.0.1", "198.51.100.1")).isEqualTo("127.0.0.1");
        assertThat(none.trusts("127.0.0.1")).isFalse();
    }

    @Test
    void atMostMaxHopsAreWalked() {
        List<String> hops = new ArrayList<>(List.of("198.51.100.1"));
        IntStream.range(0, ForwardedClient.MAX_HOPS - 1).forEach(i -> hops.add("10.42.0." + (i + 1)));
        // MAX_HOPS entries: the walk reaches the client
        assertThat(XFF.client("10.42.3.4", String.join(", ", hops))).isEqualTo("198.51.100.1");
        // one more trusted hop: the walk stops at the farthest proxy it read, never at a client's own entry
        hops.add("10.42.0.99");
        assertThat(XFF.client("10.42.3.4", String.join(", ", hops))).isEqualTo("10.42.0.1");
    }

    /**
     * Whatever a client prepends to the header of an appending proxy, its share is the address that proxy saw.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aClientCannotChooseItsAddressThroughAnAppendingProxy(long seed) {
        Random random = new Random(seed);
        String[] pieces = {"6.6.6.6", "10.42.0.1", "127.0.0.6", "unknown", "[::1]:80", "", " ", "fd00::1", ":",
            "1.2.3.4:5:6", "[", "]", "for=1.1.1.1", "\"", "999.1.1.1"};
        for (int i = 0; i < 200; i++) {
            StringBuilder sent = new StringBuilder();
            int parts = random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                sent.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? "," : ", ");
            }
            String real = "198.51.100." + random.nextInt(256);
            assertThat(XFF.client("10.42.3.4", sent + real)).as("header %s", sent + real).isEqualTo(real);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "fd00::/129", "10.0.0.0/-1", "10.0.0.0/x", "ingress.local", "10.0.0",
        ""})
    void aWrongTrustedProxyEntryStopsTheStart(String entry) {
        assertThatThrownBy(() -> new ForwardedClient(List.of(entry), Header.X_FORWARDED_FOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("podchain.api.trusted-proxies")
                .hasMessageContaining("'" + entry + "'");
    }

    @Test
    void prefixesAtTheirEdges() {
        ForwardedClient wide = new ForwardedClient(List.of("0.0.0.0/0", "::/0"), Header.X_FORWARDED_FOR);
        assertThat(wide.trusts("203.0.113.9")).isTrue();
        assertThat(wide.trusts("2001:db8::1")).isTrue();
        ForwardedClient one = new ForwardedClient(List.of("10.42.0.0/32"), Header.X_FORWARDED_FOR);
        assertThat(one.trusts("10.42.0.0")).isTrue();
        assertThat(one.trusts("10.42.0.1")).isFalse();
        // an IPv4-mapped address is its IPv4 address; other IPv6 addresses are outside an IPv4 range
        assertThat(XFF.trusts("::ffff:10.42.0.1")).isTrue();
        assertThat(XFF.trusts("2001:db8::1")).isFalse();
    }
}
