package io.podchain.bench;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.ChainParams;
import io.podchain.chain.Genesis;
import io.podchain.chain.Hash;
import io.podchain.chain.Hashes;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.SigningKey;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Mining hash rate of one thread: the miner's inner loop (hash the header for a nonce and test the proof of work)
 * against plain JDK SHA-256 over the same 190 header bytes. Target: at least 0.8 of the plain rate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MiningBench {
    private BlockHeader header;
    private byte[] headerBytes;
    private MessageDigest sha256;
    private BlockHeader.NonceHasher hasher;
    private long nonce;

    @Setup
    public void setUp() {
        SigningKey key = SigningKey.fromBytes(Hashes.sha256("bench".getBytes()).toBytes());
        header = BlockHeader.signed(ConsensusLimits.BLOCK_VERSION, 1, Genesis.create(ChainParams.defaults("bench")).hash(),
                Hash.ZERO, Genesis.TIMESTAMP + 1, 64, key);
        headerBytes = header.canonicalBytes();
        sha256 = Hashes.newSha256();
        hasher = header.nonceHasher();
    }

    /** Baseline: the JDK's SHA-256 over the full header, as a naive miner would hash it. */
    @Benchmark
    public byte[] jdkSha256OfHeader() {
        headerBytes[headerBytes.length - 1]++;
        return sha256.digest(headerBytes);
    }

    /** The miner's loop body: midstate hash for the next nonce plus the proof-of-work test. */
    @Benchmark
    public boolean minerTry() {
        return ProofOfWork.meets(hasher.hash(nonce++), 64);
    }
}
