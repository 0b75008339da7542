package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.ChainParams;
import io.podchain.chain.Genesis;
import io.podchain.chain.Hash;
import io.podchain.chain.Hashes;
import io.podchain.chain.Hex;
import io.podchain.chain.Signature;
import io.podchain.chain.SigningKey;
import io.podchain.testing.GoldenFile;
import io.podchain.testing.Repo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The handshake proof of protocol v2: the committed vector in {@code docs/handshake-vectors.json} (specified in
 * {@code docs/protocol.md}) pins its bytes; every part of the transcript is bound, so a proof made for anything else
 * fails. Regenerate deliberately with {@code -Dpodchain.golden.write=true}.
 */
class HandshakeProofTest {
    private static final Path FILE = Repo.path("docs", "handshake-vectors.json");

    private static SigningKey key(String label) {
        return new SigningKey(new BigInteger(1, Hashes.sha256(label.getBytes(StandardCharsets.UTF_8)).toBytes()));
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[HandshakeProof.CHALLENGE_LENGTH];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static final SigningKey INITIATOR = key("podchain handshake initiator");
    static final SigningKey RESPONDER = key("podchain handshake responder");

    static HandshakeProof.Transcript golden() {
        return new HandshakeProof.Transcript("podchain-golden", Genesis.create(io.podchain.chain.GoldenVectorsTest.GOLDEN_PARAMS).hash(),
                INITIATOR.publicKey(), RESPONDER.publicKey(), filled(0x11), filled(0x22));
    }

    static Map<String, String> compute() {
        HandshakeProof.Transcript t = golden();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("networkId", t.networkId());
        v.put("genesisHash", t.genesisHash().toHex());
        v.put("initiator.privateKey", "sha256(\"podchain handshake initiator\")");
        v.put("initiator.publicKey", t.initiatorKey().toHex());
        v.put("responder.privateKey", "sha256(\"podchain handshake responder\")");
        v.put("responder.publicKey", t.responderKey().toHex());
        v.put("initiator.challenge", Hex.encode(t.initiatorChallenge()));
        v.put("responder.challenge", Hex.encode(t.responderChallenge()));
        v.put("initiator.digest", t.digest(HandshakeProof.Role.INITIATOR).toHex());
        v.put("responder.digest", t.digest(HandshakeProof.Role.RESPONDER).toHex());
        v.put("initiator.auth", t.sign(INITIATOR, HandshakeProof.Role.INITIATOR).toHex());
        v.put("responder.auth", t.sign(RESPONDER, HandshakeProof.Role.RESPONDER).toHex());
        return v;
    }

    @Test
    void theProofMatchesTheCommittedVectorByteForByte() throws Exception {
        Map<String, String> committed = GoldenFile.assertMatches(FILE, compute());
        // the digest is SHA-256 over the preimage docs/protocol.md spells out, assembled here independently
        byte[] tag = "podchain/p2p-auth/v2".getBytes(StandardCharsets.US_ASCII);
        byte[] network = "podchain-golden".getBytes(StandardCharsets.UTF_8);
        Hash expected = Hashes.sha256(new byte[] {(byte) tag.length}, tag, new byte[] {1},
                new byte[] {0, (byte) network.length}, network, golden().genesisHash().toBytes(),
                INITIATOR.publicKey().toBytes(), RESPONDER.publicKey().toBytes(), filled(0x11), filled(0x22));
        assertThat(committed.get("initiator.digest")).isEqualTo(expected.toHex());
        assertThat(golden().verify(HandshakeProof.Role.INITIATOR, Signature.fromHex(committed.get("initiator.auth"))))
                .isTrue();
        assertThat(golden().verify(HandshakeProof.Role.RESPONDER, Signature.fromHex(committed.get("responder.auth"))))
                .isTrue();
    }

    /** Seeded transcripts, each with one part changed: the proof made for the original must fail for every one. */
    static Stream<Long> seeds() {
        return Stream.iterate(1L, s -> s + 1).limit(20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aProofIsValidOnlyForItsOwnConnectionRoleAndKey(long seed) {
        Random random = new Random(seed);
        SigningKey a = key("a" + seed);
        SigningKey b = key("b" + seed);
        byte[] ca = new byte[32];
        byte[] cb = new byte[32];
        random.nextBytes(ca);
        random.nextBytes(cb);
        Hash genesis = Genesis.create(ChainParams.defaults("net" + seed)).hash();
        HandshakeProof.Transcript t = new HandshakeProof.Transcript("net" + seed, genesis, a.publicKey(), b.publicKey(),
                ca, cb);
        Signature byA = t.sign(a, HandshakeProof.Role.INITIATOR);
        Signature byB = t.sign(b, HandshakeProof.Role.RESPONDER);
        assertThat(t.verify(HandshakeProof.Role.INITIATOR, byA)).isTrue();
        assertThat(t.verify(HandshakeProof.Role.RESPONDER, byB)).isTrue();
        assertThat(t.verify(HandshakeProof.Role.RESPONDER, byA)).as("reflected to the other role").isFalse();
        assertThat(t.verify(HandshakeProof.Role.INITIATOR, byB)).as("the other side's proof").isFalse();
        byte[] other = ca.clone();
        other[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
        assertThat(new HandshakeProof.Transcript("net" + seed, genesis, a.publicKey(), b.publicKey(), other, cb)
                .verify(HandshakeProof.Role.INITIATOR, byA)).as("replayed on a connection with another challenge")
                .isFalse();
        assertThat(new HandshakeProof.Transcript("net" + seed, genesis, a.publicKey(), b.publicKey(), ca, other)
                .verify(HandshakeProof.Role.INITIATOR, byA)).as("the other side's challenge changed").isFalse();
        assertThat(new HandshakeProof.Transcript("net" + seed, genesis, a.publicKey(), key("c" + seed).publicKey(),
                ca, cb).verify(HandshakeProof.Role.INITIATOR, byA)).as("proven to another node").isFalse();
        assertThat(new HandshakeProof.Transcript("other" + seed, Genesis.create(ChainParams.defaults("other" + seed)).hash(), a.publicKey(),
                b.publicKey(), ca, cb).verify(HandshakeProof.Role.INITIATOR, byA)).as("another network").isFalse();
        SigningKey impostor = key("impostor" + seed);
        assertThat(t.verify(HandshakeProof.Role.INITIATOR, t.sign(impostor, HandshakeProof.Role.INITIATOR)))
                .as("signed by a key other than the one claimed").isFalse();
    }
}
