package io.podchain.store;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Signature;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.util.Optional;

@Entity
@Table(name = "block")
public class BlockEntity extends PanacheEntityBase {
    @Id
    public String hash;
    @Column(name = "previous_hash")
    public String previousHash;
    public long height;
    public int version;
    @Column(name = "merkle_root")
    public String merkleRoot;
    @Column(name = "block_timestamp")
    public long timestamp;
    public int difficulty;
    @Column(name = "miner_key")
    public String minerKey;
    @Column(name = "miner_signature")
    public String minerSignature;
    public long nonce;
    @Column(name = "cumulative_work", precision = 80)
    public BigInteger cumulativeWork;
    @Column(name = "main_chain")
    public boolean mainChain;

    static BlockEntity of(BlockHeader header, BigInteger cumulativeWork) {
        BlockEntity e = new BlockEntity();
        e.hash = header.hash().toHex();
        e.previousHash = header.previousHash().toHex();
        e.height = header.height();
        e.version = header.version();
        e.merkleRoot = header.merkleRoot().toHex();
        e.timestamp = header.timestamp();
        e.difficulty = header.difficulty();
        e.minerKey = header.minerKey().toHex();
        e.minerSignature = header.minerSignature().toHex();
        e.nonce = header.nonce();
        e.cumulativeWork = cumulativeWork;
        return e;
    }

    BlockHeader toHeader() {
        return new BlockHeader(version, height, Hash.fromHex(previousHash), Hash.fromHex(merkleRoot), timestamp,
                difficulty, PublicKey.fromHex(minerKey), Signature.fromHex(minerSignature), nonce);
    }

    static Optional<BlockEntity> byHash(Hash hash) {
        return findByIdOptional(hash.toHex());
    }

    static Optional<BlockEntity> mainAt(long height) {
        return find("height = ?1 and mainChain = true", height).firstResultOptional();
    }
}
