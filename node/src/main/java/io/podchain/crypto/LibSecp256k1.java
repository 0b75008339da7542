package io.podchain.crypto;

import fr.acinq.secp256k1.Secp256k1Exception;
import fr.acinq.secp256k1.jni.NativeSecp256k1JvmLoader;
import io.podchain.chain.Hash;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.Secp256k1.Verification;
import io.podchain.chain.Signature;

/**
 * Verification by Bitcoin Core's libsecp256k1 (constant-time, hand-tuned field arithmetic), through ACINQ's JNI
 * binding (the one their Lightning node eclair uses), whose jar carries the native library for Linux x86-64 and
 * arm64. It gives the reference's answers ({@link Secp256k1#BOUNCY_CASTLE}): the range of the signature's numbers is
 * checked here in Java first, as the reference does, so the native call only sees signatures it can parse, and a key
 * it cannot parse is {@link Verification#KEY_NOT_ON_CURVE}. {@code SignatureBackendTest} holds both to the same
 * answers on seeded random inputs and on the edges.
 */
final class LibSecp256k1 implements Secp256k1.Backend {
    private final fr.acinq.secp256k1.Secp256k1 library;

    private LibSecp256k1(fr.acinq.secp256k1.Secp256k1 library) {
        this.library = library;
    }

    /**
     * Loads the native library, extracted to {@code fr.acinq.secp256k1.tmpdir} (by default {@code java.io.tmpdir}).
     * Where the library is found but cannot be mapped (a directory mounted {@code noexec}), the loader prints the
     * error and returns a binding whose first call throws {@link UnsatisfiedLinkError}: only a verification tells.
     *
     * @throws Exception when it cannot: another platform, or no writable temporary directory
     */
    static LibSecp256k1 load() throws Exception {
        return new LibSecp256k1(NativeSecp256k1JvmLoader.load());
    }

    @Override
    public Verification check(PublicKey key, Hash digest, Signature signature) {
        Verification range = Secp256k1.rangeViolation(signature);
        if (range != null) {
            // the key is judged first, as by the reference
            return isOnCurve(key) ? range : Verification.KEY_NOT_ON_CURVE;
        }
        try {
            return library.verify(signature.toBytes(), digest.toBytes(), key.toBytes()) ? Verification.VALID
                    : Verification.INVALID;
        } catch (Secp256k1Exception e) {
            // the signature's numbers are in range, so what failed to parse is the key
            return isOnCurve(key) ? Verification.INVALID : Verification.KEY_NOT_ON_CURVE;
        }
    }

    private boolean isOnCurve(PublicKey key) {
        try {
            library.pubkeyParse(key.toBytes());
            return true;
        } catch (Secp256k1Exception e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "libsecp256k1 (Bitcoin Core's, native through JNI: fr.acinq.secp256k1 0.18.0)";
    }

    @Override
    public String name() {
        return "libsecp256k1";
    }
}
