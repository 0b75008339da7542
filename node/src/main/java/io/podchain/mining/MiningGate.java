package io.podchain.mining;

import java.util.Optional;

/**
 * Whether auto-mining may extend the chain now. A node cut off from most of its network must not build history of
 * its own: once that history is deeper than the finality depth, the network could never take it back, and a
 * partition would become a permanent split. The node keeps accepting messages meanwhile; they are mined once it is
 * back. Implemented where the node's peers and readiness are known; the operator's {@code POST /api/mine} is not
 * held back.
 */
public interface MiningGate {
    /** Why auto-mining waits now, or empty when it may mine. */
    Optional<String> holdReason();
}
