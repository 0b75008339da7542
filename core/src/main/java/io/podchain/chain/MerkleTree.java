package io.podchain.chain;

import java.util.List;

/**
 * The Merkle root of a block's message ids, shaped as RFC 6962 (Certificate Transparency): leaves and inner nodes
 * are hashed with different prefixes and an odd node is never paired with a copy of itself, so two different
 * message lists cannot share a root (Bitcoin's duplicate-last-leaf tree has that flaw, CVE-2012-2459).
 * The root of no messages is SHA-256 of the empty string.
 */
public final class MerkleTree {
    private static final byte[] LEAF_PREFIX = {0x00};
    private static final byte[] NODE_PREFIX = {0x01};

    private MerkleTree() {
    }

    public static Hash root(List<Hash> leaves) {
        if (leaves.isEmpty()) {
            return Hashes.sha256();
        }
        return subtree(leaves, 0, leaves.size());
    }

    private static Hash subtree(List<Hash> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return Hashes.sha256(LEAF_PREFIX, leaves.get(from).toBytes());
        }
        int split = Integer.highestOneBit(n - 1);
        return Hashes.sha256(NODE_PREFIX, subtree(leaves, from, from + split).toBytes(),
                subtree(leaves, from + split, to).toBytes());
    }
}
