package io.podchain.chain;

import io.podchain.testing.Gen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Secp256k1Test {

    /** Published RFC 6979 secp256k1 vectors (SHA-256 of the text, low-S form). */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000000000000000000000000000000000000000000000000001, Satoshi Nakamoto,"
            + "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8,"
            + "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
        "0000000000000000000000000000000000000000000000000000000000000001,"
            + "'All those moments will be lost in time, like tears in rain. Time to die...',"
            + "8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b,"
            + "547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21",
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140, Satoshi Nakamoto,"
            + "fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0,"
            + "6b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5",
        "cca9fbcc1b41e5a95d369eaa6ddcff73b61a4efaa279cfc6567e8daa39cbaf50, sample,"
            + "af340daf02cc15c8d5d08d7735dfe6b98a474ed373bdb5fbecf7571be52b3842,"
            + "5009fb27f37034a9b24b707b7c6b79ca23ddef9e25f7282e8a797efe53a8f124"
    })
    void signsKnownVectors(String privateKeyHex, String text, String r, String s) {
        BigInteger privateKey = new BigInteger(privateKeyHex, 16);
        Hash digest = Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
        Signature signature = Secp256k1.sign(privateKey, digest);
        assertThat(signature.toHex()).isEqualTo(r + s);
        assertThat(Secp256k1.verify(Secp256k1.publicKeyOf(privateKey), digest, signature)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        // the generator point G is the public key of private key 1
        "1, 0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
        "2, 02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5",
        "3, 02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9"
    })
    void derivesKnownPublicKeys(int privateKey, String compressedPublicKey) {
        assertThat(Secp256k1.publicKeyOf(BigInteger.valueOf(privateKey)).toHex()).isEqualTo(compressedPublicKey);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries50")
    void signaturesVerifyAndAreLowS(long seed) {
        Gen gen = new Gen(seed);
        byte[] keySeed = gen.bytes(32);
        byte[] digestBytes = gen.bytes(32);
        SigningKey key = SigningKey.fromBytes(Hashes.sha256(keySeed).toBytes());
        Hash digest = Hash.of(digestBytes);
        Signature signature = key.sign(digest);
        assertThat(Secp256k1.isLowS(signature)).isTrue();
        assertThat(Secp256k1.verify(key.publicKey(), digest, signature)).isTrue();
        assertThat(key.sign(digest)).as("RFC 6979: deterministic").isEqualTo(signature);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries50")
    void highSTwinOfAValidSignatureIsRejected(long seed) {
        Gen gen = new Gen(seed);
        byte[] keySeed = gen.bytes(32);
        byte[] digestBytes = gen.bytes(32);
        SigningKey key = SigningKey.fromBytes(Hashes.sha256(keySeed).toBytes());
        Hash digest = Hash.of(digestBytes);
        Signature low = key.sign(digest);
        Signature high = Signature.of(low.r(), Secp256k1.order().subtract(low.s()));
        assertThat(Secp256k1.verify(key.publicKey(), digest, high)).isFalse();
        assertThat(Secp256k1.check(key.publicKey(), digest, high)).isEqualTo(Secp256k1.Verification.HIGH_S);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries50")
    void anotherDigestOrKeyDoesNotVerify(long seed) {
        Gen gen = new Gen(seed);
        byte[] keySeed = gen.bytes(32);
        byte[] digestBytes = gen.bytes(32);
        SigningKey key = SigningKey.fromBytes(Hashes.sha256(keySeed).toBytes());
        Hash digest = Hash.of(digestBytes);
        Signature signature = key.sign(digest);
        Hash other = Hashes.sha256(digestBytes);
        SigningKey otherKey = SigningKey.fromBytes(Hashes.sha256(keySeed, new byte[] {1}).toBytes());
        assertThat(Secp256k1.verify(key.publicKey(), other, signature)).isFalse();
        assertThat(Secp256k1.verify(otherKey.publicKey(), digest, signature)).isFalse();
        assertThat(Secp256k1.check(key.publicKey(), other, signature)).isEqualTo(Secp256k1.Verification.INVALID);
    }

    @org.junit.jupiter.api.Test
    void aKeyOffTheCurveIsReportedAsSuch() {
        // x = 5: 5^3 + 7 = 132 has no square root modulo p, so no point has this x
        byte[] offCurve = new byte[33];
        offCurve[0] = 0x02;
        offCurve[32] = 5;
        SigningKey key = SigningKey.fromBytes(Hashes.sha256(new byte[] {7}).toBytes());
        Hash digest = Hashes.sha256(new byte[] {8});
        assertThat(Secp256k1.check(PublicKey.of(offCurve), digest, key.sign(digest)))
                .isEqualTo(Secp256k1.Verification.KEY_NOT_ON_CURVE);
        assertThat(Secp256k1.check(key.publicKey(), digest, key.sign(digest))).isEqualTo(Secp256k1.Verification.VALID);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries100")
    void garbageSignaturesNeverThrow(long seed) {
        Gen gen = new Gen(seed);
        byte[] signatureBytes = gen.bytes(64);
        byte[] pointX = gen.bytes(32);
        byte[] key = new byte[33];
        key[0] = 0x03;
        System.arraycopy(pointX, 0, key, 1, 32);
        Hash digest = Hashes.sha256(pointX);
        assertThat(Secp256k1.verify(PublicKey.of(key), digest, Signature.of(signatureBytes))).isFalse();
    }

    @org.junit.jupiter.api.Test
    void signingKeyNeverPrintsThePrivateKey() {
        SigningKey key = new SigningKey(BigInteger.ONE);
        assertThat(key.toString()).doesNotContain("0000000000000000000000000000000000000000000000000000000000000001")
                .contains(key.publicKey().toHex());
    }
}
