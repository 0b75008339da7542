package io.podchain.bench;

import io.podchain.noise.NoiseException;
import io.podchain.p2p.Membership;
import io.podchain.p2p.P2pLimits;
import io.podchain.p2p.SecureChannel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the channel of protocol v4 costs a hop: one frame sealed by the sender and opened by the receiver (AES-GCM
 * in Noise messages of at most 65,535 bytes), for a block announcement of an empty block (~0.6 KB of JSON), of a
 * block of 10 messages (~6 KB) and of a page at the message limit (3 MB); and one channel handshake (two X25519
 * key pairs, four Diffie-Hellman operations for both sides together, HKDF).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChannelBench {
    @Param({"600", "6000", "3145728"})
    public int chars;

    private SecureChannel sender;
    private SecureChannel receiver;
    private String text;
    private final Membership membership = Membership.of(Optional.of("a cluster secret for the benchmark"));

    @Setup
    public void setUp() throws NoiseException {
        SecureChannel[] pair = openPair();
        sender = pair[0];
        receiver = pair[1];
        text = "{\"type\":\"BLOCK\",\"block\":\"" + "ab".repeat(Math.max(0, (chars - 26) / 2)) + "\"}";
        if (text.length() > P2pLimits.MAX_MESSAGE_CHARS) {
            text = text.substring(0, P2pLimits.MAX_MESSAGE_CHARS);
        }
    }

    private SecureChannel[] openPair() {
        SecureChannel dialler = SecureChannel.dialling(membership, P2pLimits.MIN_PROTOCOL_VERSION,
                P2pLimits.PROTOCOL_VERSION);
        SecureChannel answerer = SecureChannel.answering(membership, P2pLimits.MIN_PROTOCOL_VERSION,
                P2pLimits.PROTOCOL_VERSION);
        SecureChannel.Step answer = answerer.handshake(dialler.firstFrame());
        dialler.handshake(((SecureChannel.Step.Answer) answer).frame());
        return new SecureChannel[] {dialler, answerer};
    }

    /** One message across the channel: sealed by one side, opened (authenticated, decrypted) by the other. */
    @Benchmark
    public String sealAndOpen() throws NoiseException {
        return receiver.open(sender.seal(text));
    }

    /** A whole channel handshake, both sides. */
    @Benchmark
    public SecureChannel[] handshake() {
        return openPair();
    }
}
