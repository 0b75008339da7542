package io.podchain.bench;

import io.podchain.chain.Hash;
import io.podchain.chain.Hashes;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.Signature;
import io.podchain.chain.SigningKey;
import io.podchain.crypto.SignatureBackends;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One signature verification by each implementation, side by side: BouncyCastle (the reference and the fallback)
 * and libsecp256k1 through JNI.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBench {
    private Secp256k1.Backend library;
    private PublicKey key;
    private Hash digest;
    private Signature signature;

    @Setup
    public void setUp() {
        library = SignatureBackends.choose(true);
        if (library == Secp256k1.BOUNCY_CASTLE) {
            throw new IllegalStateException("libsecp256k1 did not load on this machine");
        }
        SigningKey signer = SigningKey.fromBytes(Hashes.sha256("verify-bench".getBytes()).toBytes());
        key = signer.publicKey();
        digest = Hashes.sha256("a message".getBytes());
        signature = signer.sign(digest);
    }

    @Benchmark
    public Secp256k1.Verification bouncyCastle() {
        return Secp256k1.BOUNCY_CASTLE.check(key, digest, signature);
    }

    @Benchmark
    public Secp256k1.Verification libsecp256k1() {
        return library.check(key, digest, signature);
    }
}
