package io.podchain.chain;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * ECDSA over secp256k1 with SHA-256 digests (computed by the caller), deterministic nonces (RFC 6979) and
 * low-S signatures only: for every valid (r, s) the pair (r, n - s) is valid too, so accepting both would let
 * anyone change a message's id without its key. BouncyCastle's custom curve arithmetic is several times faster
 * than the generic SEC curve.
 */
public final class Secp256k1 {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    private static final BigInteger HALF_ORDER = CURVE.getN().shiftRight(1);

    private Secp256k1() {
    }

    public static BigInteger order() {
        return CURVE.getN();
    }

    public static PublicKey publicKeyOf(BigInteger privateKey) {
        requireValidPrivateKey(privateKey);
        ECPoint point = new FixedPointCombMultiplier().multiply(DOMAIN.getG(), privateKey);
        return PublicKey.of(point.getEncoded(true));
    }

    public static Signature sign(BigInteger privateKey, Hash digest) {
        requireValidPrivateKey(privateKey);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey, DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest.toBytes());
        BigInteger s = rs[1].compareTo(HALF_ORDER) > 0 ? CURVE.getN().subtract(rs[1]) : rs[1];
        return Signature.of(rs[0], s);
    }

    /** What verifying a signature found; only {@link #VALID} is acceptable. */
    public enum Verification {
        VALID, KEY_NOT_ON_CURVE, HIGH_S, INVALID
    }

    /** True only for a low-S signature by {@code key} over {@code digest}; never throws for bad input. */
    public static boolean verify(PublicKey key, Hash digest, Signature signature) {
        return check(key, digest, signature) == Verification.VALID;
    }

    /**
     * The curve arithmetic of a verification, behind one interface so that a faster implementation (Bitcoin Core's
     * libsecp256k1 through JNI, installed by the node when it loads) can stand in for BouncyCastle's, which stays the
     * reference and the fallback. Every implementation must give the same answer as {@link #BOUNCY_CASTLE} for every
     * input, including the reason of a refusal: what a node accepts is consensus.
     */
    public interface Backend {
        /** The full check: key on the curve first, then {@link #rangeViolation}, then the equation. */
        Verification check(PublicKey key, Hash digest, Signature signature);

        /** What the node logs: which implementation verifies. */
        String description();

        /** A short stable name for metrics and the API: {@code bouncycastle}, {@code libsecp256k1}. */
        String name();
    }

    /**
     * BouncyCastle's custom-curve arithmetic: the reference, and the fallback where libsecp256k1 cannot load. It
     * keeps nothing between calls; the node's one cache is of verified signatures ({@code pool.SignatureCache}).
     */
    public static final Backend BOUNCY_CASTLE = new Backend() {
        @Override
        public Verification check(PublicKey key, Hash digest, Signature signature) {
            ECPoint point = decode(key);
            if (point == null) {
                return Verification.KEY_NOT_ON_CURVE;
            }
            Verification range = rangeViolation(signature);
            if (range != null) {
                return range;
            }
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, new ECPublicKeyParameters(point, DOMAIN));
            return verifier.verifySignature(digest.toBytes(), signature.r(), signature.s()) ? Verification.VALID
                    : Verification.INVALID;
        }

        @Override
        public String description() {
            return "BouncyCastle (pure Java)";
        }

        @Override
        public String name() {
            return "bouncycastle";
        }
    };

    private static volatile Backend backend = BOUNCY_CASTLE;

    /** Installs the implementation every later verification uses (the node does, once, at start). */
    public static void use(Backend implementation) {
        backend = Objects.requireNonNull(implementation);
    }

    public static Backend backend() {
        return backend;
    }

    /**
     * Verifies and says why a signature fails, decoding the key once: a validator that asked "is the key a point?"
     * and then "does the signature verify?" would decompress the key twice (~10 % of a verification).
     */
    public static Verification check(PublicKey key, Hash digest, Signature signature) {
        return backend.check(key, digest, signature);
    }

    /**
     * {@link Verification#HIGH_S} or {@link Verification#INVALID} when the signature's numbers are out of their range
     * (s above half the order, r or s zero, r not below the order); null when they are in it.
     */
    public static Verification rangeViolation(Signature signature) {
        BigInteger r = signature.r();
        BigInteger s = signature.s();
        if (s.compareTo(HALF_ORDER) > 0) {
            return Verification.HIGH_S;
        }
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(CURVE.getN()) >= 0) {
            return Verification.INVALID;
        }
        return null;
    }

    public static boolean isLowS(Signature signature) {
        return signature.s().compareTo(HALF_ORDER) <= 0;
    }

    private static ECPoint decode(PublicKey key) {
        try {
            ECPoint point = CURVE.getCurve().decodePoint(key.bytesUnsafe());
            if (!point.isValid() || point.isInfinity()) {
                return null;
            }
            return point;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void requireValidPrivateKey(BigInteger privateKey) {
        if (privateKey.signum() <= 0 || privateKey.compareTo(CURVE.getN()) >= 0) {
            throw new IllegalArgumentException("private key out of range");
        }
    }
}
