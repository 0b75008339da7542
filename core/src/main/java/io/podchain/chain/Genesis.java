package io.podchain.chain;

import java.util.List;

/**
 * The genesis block of a network: a pure function of its consensus parameters, so every node configured alike starts
 * from the same block, and a node of another network, or of the same network id with other parameters, is
 * recognised by its genesis hash (and refused at the handshake) instead of forking off at the first block the two
 * judge differently. It carries no messages, no proof of work and no signature; its Merkle root commits to the
 * parameters instead.
 */
public final class Genesis {
    /** 2026-01-01T00:00:00Z: a constant, so the genesis hash does not depend on when a node first started. */
    public static final long TIMESTAMP = 1_767_225_600_000L;
    private static final String NETWORK_DOMAIN = "podchain/genesis/v2";
    private static final PublicKey NOBODY;

    static {
        byte[] key = new byte[PublicKey.LENGTH];
        key[0] = 0x02;
        NOBODY = PublicKey.of(key);
    }

    private Genesis() {
    }

    public static Block create(ChainParams params) {
        Hash commitment = Hashes.signingDigest(NETWORK_DOMAIN, params.canonicalBytes());
        BlockHeader header = new BlockHeader(ConsensusLimits.BLOCK_VERSION, 0, Hash.ZERO, commitment, TIMESTAMP, 0,
                NOBODY, Signature.NONE, 0);
        return new Block(header, List.of());
    }
}
