package io.podchain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.GoldenFile;
import io.podchain.testing.Repo;
import io.podchain.testing.TestBlocks;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed vectors in {@code docs/golden-vectors.json} (described in {@code docs/protocol.md}) pin the
 * canonical encoding, hashes and signatures: any change to them is a protocol change and fails here.
 * Regenerate deliberately with {@code -Dpodchain.golden.write=true}.
 */
public class GoldenVectorsTest {
    private static final Path FILE = Repo.path("docs", "golden-vectors.json");
    /** Spelled out, not the project's defaults: a change of defaults must not change the vectors. */
    public static final ChainParams GOLDEN_PARAMS = new ChainParams("podchain-golden", 18, 8, 20,
            java.time.Duration.ofSeconds(2), 5_000, 1_000_000);

    static Map<String, String> compute() {
        BigInteger privateKey = new BigInteger(1, Hashes.sha256("podchain golden key".getBytes()).toBytes());
        SigningKey key = new SigningKey(privateKey);
        Message message = Message.sign(key, "alice", "hello, podchain", 1_767_225_630_000L);
        Block genesis = Genesis.create(GOLDEN_PARAMS);
        Block block = TestBlocks.mine(genesis.header(), 8, 1_767_225_660_000L, List.of(message), key);

        Map<String, String> v = new LinkedHashMap<>();
        v.put("privateKey", String.format("%064x", privateKey));
        v.put("publicKey", key.publicKey().toHex());
        v.put("message.recipient", message.recipient());
        v.put("message.content", message.content());
        v.put("message.createdAt", Long.toString(message.createdAt()));
        v.put("message.signingDigest", message.signingDigest().toHex());
        v.put("message.signature", message.signature().toHex());
        v.put("message.canonicalBytes", Hex.encode(message.canonicalBytes()));
        v.put("message.id", message.id().toHex());
        v.put("genesis.networkId", "podchain-golden");
        v.put("genesis.canonicalBytes", Hex.encode(genesis.canonicalBytes()));
        v.put("genesis.hash", genesis.hash().toHex());
        v.put("block.merkleRoot", block.header().merkleRoot().toHex());
        v.put("block.signingDigest", block.header().signingDigest().toHex());
        v.put("block.headerBytes", Hex.encode(block.header().canonicalBytes()));
        v.put("block.nonce", Long.toString(block.header().nonce()));
        v.put("block.hash", block.hash().toHex());
        v.put("block.canonicalBytes", Hex.encode(block.canonicalBytes()));
        return v;
    }

    @Test
    void encodingHashesAndSignaturesMatchTheCommittedVectors() throws Exception {
        Map<String, String> committed = GoldenFile.assertMatches(FILE, compute());
        // and the committed bytes decode back to the same objects
        assertThat(Hex.encode(Message.decode(Hex.decode(committed.get("message.canonicalBytes"), "m")).id().toBytes()))
                .isEqualTo(committed.get("message.id"));
        Block block = Block.decode(Hex.decode(committed.get("block.canonicalBytes"), "b"));
        assertThat(block.hash().toHex()).isEqualTo(committed.get("block.hash"));
        assertThat(Secp256k1.verify(PublicKey.fromHex(committed.get("publicKey")), block.header().signingDigest(),
                block.header().minerSignature())).isTrue();
    }
}
