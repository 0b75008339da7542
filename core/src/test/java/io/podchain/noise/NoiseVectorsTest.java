package io.podchain.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.Hex;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The Noise implementation against the Noise project's own test vectors for {@code Noise_NNpsk0_25519_AESGCM_SHA256}
 * (cacophony's, byte for byte: both handshake messages and four transport messages), then
 * frames of every size around the chunk boundaries, and every way a frame can be changed failing.
 */
class NoiseVectorsTest {
    private static JsonNode vector() throws Exception {
        try (InputStream in = NoiseVectorsTest.class.getResourceAsStream("/vectors/noise-nnpsk0-25519-aesgcm-sha256.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static byte[] hex(JsonNode node, String field) {
        return Hex.decode(node.get(field).asText(), field);
    }

    @Test
    void theHandshakeAndTransportMessagesAreTheNoiseProjectsVectorsByteForByte() throws Exception {
        JsonNode v = vector();
        assertThat(v.get("protocol_name").asText()).isEqualTo(NoiseHandshake.PROTOCOL);
        NoiseHandshake initiator = NoiseHandshake.withEphemeral(NoiseHandshake.Role.INITIATOR, hex(v, "prologue"),
                hex(v, "psk"), hex(v, "init_ephemeral"));
        NoiseHandshake responder = NoiseHandshake.withEphemeral(NoiseHandshake.Role.RESPONDER, hex(v, "prologue"),
                hex(v, "psk"), hex(v, "resp_ephemeral"));
        JsonNode messages = v.get("messages");

        byte[] first = initiator.writeMessage(hex(messages.get(0), "payload"));
        assertThat(Hex.encode(first)).isEqualTo(messages.get(0).get("ciphertext").asText());
        assertThat(responder.readMessage(first)).isEqualTo(hex(messages.get(0), "payload"));
        byte[] second = responder.writeMessage(hex(messages.get(1), "payload"));
        assertThat(Hex.encode(second)).isEqualTo(messages.get(1).get("ciphertext").asText());
        assertThat(initiator.readMessage(second)).isEqualTo(hex(messages.get(1), "payload"));

        NoiseSession i = initiator.session();
        NoiseSession r = responder.session();
        // the file's handshake_hash field is left out: it is not the spec's final h, which an independent
        // implementation (Python's cryptography, following the spec line by line) computes as we do; h itself is
        // checked above, as the associated data of both handshake messages
        assertThat(r.handshakeHash()).isEqualTo(i.handshakeHash());
        for (int n = 2; n < messages.size(); n++) {
            boolean fromInitiator = n % 2 == 0;
            byte[] payload = hex(messages.get(n), "payload");
            byte[] ciphertext = (fromInitiator ? i : r).sending().encrypt(new byte[0], payload, 0, payload.length);
            assertThat(Hex.encode(ciphertext)).as("transport message %d", n)
                    .isEqualTo(messages.get(n).get("ciphertext").asText());
            assertThat((fromInitiator ? r : i).receiving().decrypt(new byte[0], ciphertext, 0, ciphertext.length))
                    .isEqualTo(payload);
        }
    }

    @Test
    void aResponderWithAnotherPreSharedKeyCannotReadTheFirstMessage() throws Exception {
        JsonNode v = vector();
        byte[] otherPsk = hex(v, "psk").clone();
        otherPsk[31] ^= 1;
        NoiseHandshake initiator = NoiseHandshake.withEphemeral(NoiseHandshake.Role.INITIATOR, hex(v, "prologue"),
                hex(v, "psk"), hex(v, "init_ephemeral"));
        NoiseHandshake stranger = NoiseHandshake.withEphemeral(NoiseHandshake.Role.RESPONDER, hex(v, "prologue"),
                otherPsk, hex(v, "resp_ephemeral"));
        assertThatThrownBy(() -> stranger.readMessage(initiator.writeMessage(new byte[0])))
                .isInstanceOf(NoiseException.class).hasMessageContaining("does not authenticate");
    }

    @Test
    void aLowOrderEphemeralKeyIsRefused() throws Exception {
        byte[] psk = new byte[32];
        NoiseHandshake responder = NoiseHandshake.start(NoiseHandshake.Role.RESPONDER, new byte[0], psk,
                new SecureRandom());
        NoiseHandshake initiator = NoiseHandshake.start(NoiseHandshake.Role.INITIATOR, new byte[0], psk,
                new SecureRandom());
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] answer = responder.writeMessage(new byte[0]);
        Arrays.fill(answer, 0, NoiseHandshake.KEY_LENGTH, (byte) 0); // the point 0: order 1
        assertThatThrownBy(() -> initiator.readMessage(answer)).isInstanceOf(NoiseException.class);
    }

    private static NoiseSession[] pair() throws NoiseException {
        byte[] psk = new byte[32];
        Random seeded = new Random(7);
        seeded.nextBytes(psk);
        NoiseHandshake initiator = NoiseHandshake.start(NoiseHandshake.Role.INITIATOR, new byte[] {1}, psk,
                new SecureRandom());
        NoiseHandshake responder = NoiseHandshake.start(NoiseHandshake.Role.RESPONDER, new byte[] {1}, psk,
                new SecureRandom());
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        return new NoiseSession[] {initiator.session(), responder.session()};
    }

    static IntStream sizes() {
        int chunk = NoiseSession.MAX_CHUNK_PLAINTEXT;
        return IntStream.of(0, 1, chunk - 5, chunk - 4, chunk - 3, 2 * chunk - 4, 2 * chunk - 3, 3 * 1024 * 1024);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void framesOfEverySizeAroundTheChunkBoundariesComeThroughWhole(int size) throws Exception {
        NoiseSession[] s = pair();
        byte[] message = new byte[size];
        new Random(size).nextBytes(message);
        byte[] frame = s[0].seal(message);
        assertThat((long) frame.length).isEqualTo(NoiseSession.frameLength(size));
        assertThat(s[1].open(frame)).isEqualTo(message);
        // and the other way, and on: each direction has its own nonces
        assertThat(s[0].open(s[1].seal(message))).isEqualTo(message);
        assertThat(s[1].open(s[0].seal(new byte[] {42}))).containsExactly(42);
    }

    @Test
    void aFrameChangedCutReplayedOrReorderedDoesNotOpen() throws Exception {
        byte[] message = new byte[2 * NoiseSession.MAX_CHUNK_PLAINTEXT];
        new Random(1).nextBytes(message);

        NoiseSession[] changed = pair();
        byte[] frame = changed[0].seal(message);
        frame[frame.length / 2] ^= 1;
        assertThatThrownBy(() -> changed[1].open(frame)).isInstanceOf(NoiseException.class);

        NoiseSession[] cut = pair();
        byte[] whole = cut[0].seal(message);
        assertThatThrownBy(() -> cut[1].open(Arrays.copyOf(whole, 2 * NoiseHandshake.MAX_MESSAGE_LENGTH)))
                .as("the last chunk dropped").isInstanceOf(NoiseException.class);

        NoiseSession[] replayed = pair();
        byte[] once = replayed[0].seal(new byte[] {1});
        replayed[1].open(once);
        assertThatThrownBy(() -> replayed[1].open(once)).isInstanceOf(NoiseException.class);

        NoiseSession[] reordered = pair();
        byte[] a = reordered[0].seal(new byte[] {1});
        byte[] b = reordered[0].seal(new byte[] {2});
        assertThatThrownBy(() -> reordered[1].open(b)).isInstanceOf(NoiseException.class);
        assertThat(a).isNotEmpty();

        NoiseSession[] reflected = pair();
        byte[] mine = reflected[0].seal(new byte[] {1});
        assertThatThrownBy(() -> reflected[0].open(mine)).as("a frame sent back to its sender")
                .isInstanceOf(NoiseException.class);
    }
}
