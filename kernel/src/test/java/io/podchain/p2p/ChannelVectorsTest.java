package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.Hashes;
import io.podchain.chain.Hex;
import io.podchain.noise.NoiseHandshake;
import io.podchain.testing.GoldenFile;
import io.podchain.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The channel of protocol v4 byte for byte: the pre-shared key derived from a cluster secret, both handshake
 * messages, the binding and a first frame, from fixed ephemeral keys. The values are generated here into
 * {@code docs/channel-vectors.json} (deliberately, with {@code -Dpodchain.golden.write=true}) and docs/protocol.md
 * must quote them, as it must quote the handshake proof's ({@code docs/handshake-vectors.json}): the document cannot
 * drift from the code.
 */
class ChannelVectorsTest {
    private static final Path FILE = Repo.path("docs", "channel-vectors.json");
    private static final Path PROTOCOL = Repo.path("docs", "protocol.md");
    static final String SECRET = "podchain golden cluster secret";

    private static byte[] sha256(String label) {
        return Hashes.sha256(label.getBytes(StandardCharsets.UTF_8)).toBytes();
    }

    static Map<String, String> compute() throws Exception {
        Membership membership = Membership.of(Optional.of(SECRET));
        SecureChannel initiator = SecureChannel.withEphemeral(NoiseHandshake.Role.INITIATOR, membership,
                sha256("podchain channel initiator ephemeral"), 4, 4);
        SecureChannel responder = SecureChannel.withEphemeral(NoiseHandshake.Role.RESPONDER, membership,
                sha256("podchain channel responder ephemeral"), 4, 5);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("protocol", NoiseHandshake.PROTOCOL);
        v.put("prologue", "podchain p2p channel");
        v.put("clusterSecret", SECRET);
        v.put("presharedKey", Hex.encode(membership.presharedKey()));
        v.put("initiator.ephemeralPrivate", "sha256(\"podchain channel initiator ephemeral\")");
        v.put("responder.ephemeralPrivate", "sha256(\"podchain channel responder ephemeral\")");
        byte[] first = initiator.firstFrame();
        v.put("message1", Hex.encode(first));
        SecureChannel.Step answer = responder.handshake(first);
        byte[] second = ((SecureChannel.Step.Answer) answer).frame();
        v.put("message2", Hex.encode(second));
        assertThat(initiator.handshake(second)).isEqualTo(new SecureChannel.Step.Opened(4));
        v.put("binding", Hex.encode(initiator.binding()));
        String ping = "{\"type\":\"PING\",\"nonce\":1}";
        byte[] frame = initiator.seal(ping);
        v.put("initiator.frame0.plaintext", ping);
        v.put("initiator.frame0", Hex.encode(frame));
        assertThat(responder.open(frame)).isEqualTo(ping);
        return v;
    }

    @Test
    void theChannelMatchesTheCommittedVectorByteForByteAndTheDocumentQuotesIt() throws Exception {
        Map<String, String> committed = GoldenFile.assertMatches(FILE, compute());
        String protocol = Files.readString(PROTOCOL);
        for (String field : new String[] {"presharedKey", "message1", "message2", "binding", "initiator.frame0"}) {
            assertThat(protocol).as("docs/protocol.md quotes %s", field).contains(committed.get(field));
        }
    }

    @Test
    void theDocumentQuotesTheHandshakeProofsVectorToo() throws Exception {
        Map<String, String> committed = GoldenFile.assertMatches(Repo.path("docs", "handshake-vectors.json"),
                HandshakeProofTest.compute());
        String protocol = Files.readString(PROTOCOL);
        for (String field : new String[] {"genesisHash", "initiator.publicKey", "responder.publicKey",
                "initiator.digest", "responder.digest", "initiator.auth"}) {
            assertThat(protocol).as("docs/protocol.md quotes %s", field).contains(committed.get(field));
        }
    }
}
