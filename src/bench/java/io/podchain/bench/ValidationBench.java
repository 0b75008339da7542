package io.podchain.bench;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.Genesis;
import io.podchain.chain.Hashes;
import io.podchain.chain.MerkleTree;
import io.podchain.chain.Message;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.SigningKey;
import io.podchain.chain.Violation;
import io.podchain.crypto.SignatureBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Block validation rate (intrinsic checks: PoW, every signature, Merkle root, sizes) with each signature verifier;
 * one verification alone is {@link VerifyBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValidationBench {
    @Param({"0", "10", "100"})
    public int messages;

    @Param({"bouncycastle", "libsecp256k1"})
    public String verifier;

    private Block block;
    private BlockValidator validator;

    @Setup
    public void setUp() {
        Secp256k1.use(verifier.equals("libsecp256k1") ? SignatureBackends.choose(true) : Secp256k1.BOUNCY_CASTLE);
        if (!Secp256k1.backend().description().toLowerCase().contains(verifier.substring(0, 6))) {
            throw new IllegalStateException(verifier + " is not in use: " + Secp256k1.backend().description());
        }
        SigningKey key = SigningKey.fromBytes(Hashes.sha256("bench".getBytes()).toBytes());
        long now = System.currentTimeMillis();
        List<Message> list = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            list.add(Message.sign(key, "recipient-" + i, "a benchmark message of typical length, number " + i, now));
        }
        BlockHeader template = BlockHeader.signed(ConsensusLimits.BLOCK_VERSION, 1, Genesis.create(ChainParams.defaults("bench")).hash(),
                MerkleTree.root(list.stream().map(Message::id).toList()), now, 8, key);
        BlockHeader.NonceHasher hasher = template.nonceHasher();
        long nonce = 0;
        while (!ProofOfWork.meets(hasher.hash(nonce), 8)) {
            nonce++;
        }
        block = new Block(template.withNonce(nonce), list);
        validator = new BlockValidator(new ChainParams("bench", 8, 1, 100, Duration.ofSeconds(10)),
                System::currentTimeMillis);
        if (!validator.checkIntrinsic(block, null).isEmpty()) {
            throw new IllegalStateException("benchmark block must be valid");
        }
    }

    @Benchmark
    public List<Violation> validateBlock() {
        return validator.checkIntrinsic(block, block.hash());
    }
}
