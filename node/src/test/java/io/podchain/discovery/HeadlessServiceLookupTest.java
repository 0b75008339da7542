package io.podchain.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.testing.TestDnsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node's DNS questions against a real DNS server that cuts UDP answers as CoreDNS does: a headless Service of
 * any size up to what one DNS message holds is seen whole (hundreds of A records do not fit one UDP packet, so
 * the truncated answer is asked again over TCP); a small one never needs TCP; an unknown name has no addresses; a
 * garbage answer is an error.
 */
class HeadlessServiceLookupTest {
    private static final String NAME = "podchain-headless.default.svc.cluster.local";
    private final TestDnsServer dns = new TestDnsServer(NAME);
    private final HeadlessServiceLookup lookup = new HeadlessServiceLookup(
            new InetSocketAddress("127.0.0.1", Integer.parseInt(dns.address().split(":")[1])), Duration.ofSeconds(3));

    @AfterEach
    void stop() {
        dns.close();
    }

    /** Addresses that are only data here: nothing dials them. */
    private static List<String> pods(int count) {
        return IntStream.range(0, count).mapToObj(i -> "127.1." + (i / 250) + "." + (1 + i % 250)).toList();
    }

    @Test
    void aSmallServiceIsAnsweredInOneUdpPacket() throws IOException {
        dns.answer(pods(3), 9443);
        HeadlessServiceLookup.Answer answer = lookup.lookup(NAME);
        assertThat(answer.ips()).containsExactlyInAnyOrderElementsOf(pods(3));
        assertThat(answer.port()).contains(9443);
        assertThat(dns.tcpQueries()).isZero();
        assertThat(dns.truncatedAnswers()).isZero();
    }

    /**
     * 80 records are past 512 bytes and within the EDNS0 buffer; 600 and 1,000 (large StatefulSets) are past the
     * buffer too and come whole over TCP, A and SRV alike.
     */
    @ParameterizedTest
    @ValueSource(ints = {80, 600, 1_000})
    void aLargeServiceIsSeenWhole(int count) throws IOException {
        dns.answer(pods(count), 9443);
        HeadlessServiceLookup.Answer answer = lookup.lookup(NAME);
        assertThat(answer.ips()).hasSize(count).containsExactlyInAnyOrderElementsOf(pods(count));
        assertThat(answer.port()).contains(9443);
        if (count * 16 > HeadlessServiceLookup.UDP_PAYLOAD) {
            assertThat(dns.truncatedAnswers()).as("UDP could not hold it").isPositive();
            assertThat(dns.tcpQueries()).as("asked again over TCP").isPositive();
        } else {
            assertThat(dns.tcpQueries()).as("EDNS0's buffer held it").isZero();
        }
    }

    /**
     * 4,000 A records are about the most one DNS message of 64 KiB holds; the SRV answer (an uncompressed target
     * name per pod) is cut past about 900 pods even over TCP, and what arrives of it still gives the port.
     */
    @Test
    void atTheLargestAnswerEveryAddressArrivesAndTheCutSrvAnswerStillGivesThePort() throws IOException {
        dns.answer(pods(4_000), 9443);
        HeadlessServiceLookup.Answer answer = lookup.lookup(NAME);
        assertThat(answer.ips()).hasSize(4_000).containsExactlyInAnyOrderElementsOf(pods(4_000));
        assertThat(answer.port()).contains(9443);
    }

    @Test
    void anUnknownNameHasNoAddressesAndNoPort() throws IOException {
        dns.answer(pods(3), 9443);
        HeadlessServiceLookup.Answer answer = lookup.lookup("other." + NAME);
        assertThat(answer.ips()).isEmpty();
        assertThat(answer.port()).isEqualTo(Optional.empty());
    }

    @Test
    void aGarbageAnswerIsAnError() {
        dns.mode(TestDnsServer.Mode.GARBAGE);
        assertThatThrownBy(() -> lookup.lookup(NAME)).isInstanceOf(IOException.class);
    }
}
