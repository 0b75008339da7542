package io.podchain.testing;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.Hashes;
import io.podchain.chain.MerkleTree;
import io.podchain.chain.Message;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds valid blocks for tests by really mining them (tests use low difficulty). */
public final class TestBlocks {
    private TestBlocks() {
    }

    /** A deterministic key from a label. */
    public static SigningKey key(String label) {
        return SigningKey.fromBytes(Hashes.sha256(label.getBytes(StandardCharsets.UTF_8)).toBytes());
    }

    public static Block mine(BlockHeader parent, int difficulty, long timestamp, List<Message> messages,
            SigningKey miner) {
        BlockHeader template = BlockHeader.signed(ConsensusLimits.BLOCK_VERSION, parent.height() + 1, parent.hash(),
                MerkleTree.root(messages.stream().map(Message::id).toList()), timestamp, difficulty, miner);
        return new Block(solve(template), messages);
    }

    /** Finds the first nonce from 0 that meets the header's difficulty. */
    public static BlockHeader solve(BlockHeader template) {
        BlockHeader.NonceHasher hasher = template.nonceHasher();
        for (long nonce = 0; ; nonce++) {
            if (ProofOfWork.meets(hasher.hash(nonce), template.difficulty())) {
                return template.withNonce(nonce);
            }
        }
    }

    /** Re-signs and re-mines a header after a test changed its fields, so only the intended rule breaks. */
    public static BlockHeader resignAndSolve(BlockHeader header, SigningKey miner) {
        BlockHeader signed = header.withSignature(miner.sign(header.signingDigest()));
        return solve(signed);
    }
}
