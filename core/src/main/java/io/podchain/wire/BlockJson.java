package io.podchain.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.MalformedException;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Signature;
import java.math.BigInteger;
import java.util.List;

/**
 * A block. On input {@code hash} is the sender's claim (checked as rule INVALID_HASH); {@code cumulativeWork} and
 * {@code mainChain} are this node's view and only appear on output.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockJson(String hash, Long height, Integer version, String previousHash, String merkleRoot,
        Long timestamp, Integer difficulty, String miner, String minerSignature, Long nonce,
        List<MessageJson> messages, String cumulativeWork, Boolean mainChain) {

    /** A block with this node's view of it: the work of its branch up to it, and whether it is on the main chain. */
    public static BlockJson of(Block block, BigInteger cumulativeWork, boolean mainChain) {
        BlockJson json = of(block);
        return new BlockJson(json.hash, json.height, json.version, json.previousHash, json.merkleRoot, json.timestamp,
                json.difficulty, json.miner, json.minerSignature, json.nonce, json.messages,
                cumulativeWork.toString(), mainChain);
    }

    public static BlockJson of(Block block) {
        BlockHeader h = block.header();
        return new BlockJson(h.hash().toHex(), h.height(), h.version(), h.previousHash().toHex(),
                h.merkleRoot().toHex(), h.timestamp(), h.difficulty(), h.minerKey().toHex(),
                h.minerSignature().toHex(), h.nonce(), block.messages().stream().map(MessageJson::of).toList(),
                null, null);
    }

    public Block toBlock() {
        BlockHeader header = new BlockHeader(MessageJson.require(version, "version"),
                MessageJson.require(height, "height"), MessageJson.hash(previousHash, "previousHash"),
                MessageJson.hash(merkleRoot, "merkleRoot"), MessageJson.require(timestamp, "timestamp"),
                MessageJson.require(difficulty, "difficulty"), PublicKey.fromHex(miner),
                Signature.fromHex(minerSignature), MessageJson.require(nonce, "nonce"));
        List<MessageJson> list = MessageJson.require(messages, "messages");
        if (list.stream().anyMatch(m -> m == null)) {
            throw new MalformedException("messages contains null");
        }
        return new Block(header, list.stream().map(MessageJson::toMessage).toList());
    }

    /** The hash the sender declared, or null when it declared none. */
    public Hash declaredHash() {
        return hash == null ? null : MessageJson.hash(hash, "hash");
    }
}
