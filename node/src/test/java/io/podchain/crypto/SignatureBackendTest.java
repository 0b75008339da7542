package io.podchain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.Hash;
import io.podchain.chain.Hashes;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.Secp256k1.Verification;
import io.podchain.chain.Signature;
import io.podchain.chain.SigningKey;
import io.podchain.testing.Gen;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libsecp256k1 gives BouncyCastle's answer, the reference's, for every input: valid signatures, changed digests and
 * signatures, keys that are no point, and the edges of the signature's numbers. What a node accepts is consensus,
 * so "the same" includes the reason of a refusal.
 */
class SignatureBackendTest {
    private static final BigInteger N = Secp256k1.order();
    private static final BigInteger HALF = N.shiftRight(1);
    private static LibSecp256k1 library;

    @BeforeAll
    static void load() throws Exception {
        // the node's platform (Linux x86-64 or arm64) carries the native library: here it must load
        library = LibSecp256k1.load();
    }

    private static void assertSame(PublicKey key, Hash digest, Signature signature, Verification expected) {
        Verification reference = Secp256k1.BOUNCY_CASTLE.check(key, digest, signature);
        assertThat(library.check(key, digest, signature)).as("libsecp256k1 for %s %s %s", key, digest, signature)
                .isEqualTo(reference);
        if (expected != null) {
            assertThat(reference).isEqualTo(expected);
        }
    }

    private static Signature signature(BigInteger r, BigInteger s) {
        byte[] bytes = new byte[64];
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        System.arraycopy(rb, Math.max(0, rb.length - 32), bytes, Math.max(0, 32 - rb.length), Math.min(32, rb.length));
        System.arraycopy(sb, Math.max(0, sb.length - 32), bytes, 32 + Math.max(0, 32 - sb.length),
                Math.min(32, sb.length));
        return Signature.of(bytes);
    }

    private static BigInteger r(Signature signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature.toBytes(), 0, 32));
    }

    private static BigInteger s(Signature signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature.toBytes(), 32, 64));
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries200")
    void bothGiveTheSameAnswerOnRandomInput(long seed) {
        Gen gen = new Gen(seed);
        SigningKey key = SigningKey.fromBytes(Hashes.sha256(gen.bytes(32)).toBytes());
        Hash digest = Hashes.sha256(gen.bytes(gen.intIn(0, 64)));
        Signature good = key.sign(digest);
        assertSame(key.publicKey(), digest, good, Verification.VALID);

        Hash other = Hashes.sha256(gen.bytes(8));
        assertSame(key.publicKey(), other, good, Verification.INVALID);

        byte[] changed = good.toBytes();
        changed[gen.intIn(0, 63)] ^= (byte) (1 << gen.intIn(0, 7));
        assertSame(key.publicKey(), digest, Signature.of(changed), null);

        byte[] random = gen.bytes(64);
        assertSame(key.publicKey(), digest, Signature.of(random), null);

        byte[] point = gen.bytes(33);
        point[0] = (byte) (gen.intIn(0, 1) == 0 ? 0x02 : 0x03);
        assertSame(PublicKey.of(point), digest, good, null);

        SigningKey stranger = SigningKey.fromBytes(Hashes.sha256(gen.bytes(32)).toBytes());
        assertSame(stranger.publicKey(), digest, good, Verification.INVALID);
    }

    @Test
    void theEdgesOfTheSignaturesNumbersGetTheSameAnswers() {
        SigningKey key = SigningKey.fromBytes(Hashes.sha256(new byte[] {1}).toBytes());
        Hash digest = Hashes.sha256(new byte[] {2});
        Signature good = key.sign(digest);
        PublicKey pub = key.publicKey();
        assertSame(pub, digest, signature(r(good), N.subtract(s(good))), Verification.HIGH_S);
        assertSame(pub, digest, signature(BigInteger.ZERO, s(good)), Verification.INVALID);
        assertSame(pub, digest, signature(r(good), BigInteger.ZERO), Verification.INVALID);
        assertSame(pub, digest, signature(N, s(good)), Verification.INVALID);
        assertSame(pub, digest, signature(N.add(BigInteger.ONE), s(good)), Verification.INVALID);
        assertSame(pub, digest, signature(N.subtract(BigInteger.ONE), s(good)), Verification.INVALID);
        assertSame(pub, digest, signature(r(good), HALF), Verification.INVALID);
        assertSame(pub, digest, signature(r(good), HALF.add(BigInteger.ONE)), Verification.HIGH_S);
        byte[] max = new byte[64];
        Arrays.fill(max, (byte) 0xff);
        assertSame(pub, digest, Signature.of(max), Verification.HIGH_S);
    }

    @Test
    void aKeyThatIsNoPointIsJudgedBeforeTheSignature() {
        Hash digest = Hashes.sha256(new byte[] {3});
        // x = 5 has no y on secp256k1 (5^3 + 7 = 132 is not a square mod p)
        byte[] noPoint = new byte[33];
        noPoint[0] = 0x02;
        noPoint[32] = 5;
        SigningKey key = SigningKey.fromBytes(Hashes.sha256(new byte[] {4}).toBytes());
        Signature good = key.sign(digest);
        assertSame(PublicKey.of(noPoint), digest, good, Verification.KEY_NOT_ON_CURVE);
        assertSame(PublicKey.of(noPoint), digest, signature(r(good), N.subtract(s(good))),
                Verification.KEY_NOT_ON_CURVE);
        byte[] beyondP = new byte[33];
        Arrays.fill(beyondP, (byte) 0xff);
        beyondP[0] = 0x03;
        assertSame(PublicKey.of(beyondP), digest, good, Verification.KEY_NOT_ON_CURVE);
    }

    @Test
    void theNodeChoosesTheNativeLibraryUnlessToldNotTo() {
        assertThat(SignatureBackends.choose(true).description()).startsWith("libsecp256k1");
        assertThat(SignatureBackends.choose(false)).isSameAs(Secp256k1.BOUNCY_CASTLE);
    }

    /** Another platform, or no writable temporary directory to extract the library to: BouncyCastle verifies. */
    @Test
    void whereTheLibraryCannotLoadBouncyCastleVerifies() {
        assertThat(SignatureBackends.choose(true, () -> {
            throw new UnsatisfiedLinkError("no libsecp256k1-jni for this platform");
        })).isSameAs(Secp256k1.BOUNCY_CASTLE);
        assertThat(SignatureBackends.choose(true, () -> {
            throw new java.io.IOException("read-only file system");
        })).isSameAs(Secp256k1.BOUNCY_CASTLE);
    }

    /**
     * A library found but not mappable ({@code noexec}): the loader prints the error and returns a binding whose
     * every call throws. The self-check makes that call at start, so BouncyCastle verifies from the first block.
     */
    @Test
    void aBindingThatLoadedButCannotRunIsRefusedAtStart() {
        Secp256k1.Backend unmapped = backend(
                (key, digest, signature) -> {
                    throw new UnsatisfiedLinkError("failed to map segment from shared object");
                });
        assertThat(SignatureBackends.choose(true, () -> unmapped)).isSameAs(Secp256k1.BOUNCY_CASTLE);
        Secp256k1.Backend broken = backend((key, digest, signature) -> {
            throw new NoClassDefFoundError("Could not initialize class fr.acinq.secp256k1.Secp256k1CFunctions");
        });
        assertThat(SignatureBackends.choose(true, () -> broken)).isSameAs(Secp256k1.BOUNCY_CASTLE);
    }

    /** One that runs but answers wrongly (accepts a forgery, or refuses a valid signature) is refused too. */
    @Test
    void aBindingThatAnswersWronglyIsRefusedAtStart() {
        Secp256k1.Backend acceptsAll = backend((key, digest, signature) -> Verification.VALID);
        assertThat(SignatureBackends.choose(true, () -> acceptsAll)).isSameAs(Secp256k1.BOUNCY_CASTLE);
        Secp256k1.Backend refusesAll = backend((key, digest, signature) -> Verification.INVALID);
        assertThat(SignatureBackends.choose(true, () -> refusesAll)).isSameAs(Secp256k1.BOUNCY_CASTLE);
        assertThat(SignatureBackends.choose(true, () -> library)).isSameAs(library);
    }

    private interface Check {
        Verification check(PublicKey key, Hash digest, Signature signature);
    }

    private static Secp256k1.Backend backend(Check check) {
        return new Secp256k1.Backend() {
            @Override
            public Verification check(PublicKey key, Hash digest, Signature signature) {
                return check.check(key, digest, signature);
            }

            @Override
            public String description() {
                return "a stand-in";
            }

            @Override
            public String name() {
                return "stand-in";
            }
        };
    }
}
