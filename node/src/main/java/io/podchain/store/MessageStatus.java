package io.podchain.store;

import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import java.util.Optional;

/**
 * Where a message stands. {@code SIDE_BRANCH}: known only from blocks off the main chain.
 *
 * @param blockHash     main-chain block holding it, when confirmed
 * @param height        that block's height, when confirmed
 * @param confirmations 1 for a message in the tip block, when confirmed
 * @param isFinal       confirmed more than {@code podchain.chain.max-fork-depth} deep: no branch can take it out
 */
public record MessageStatus(Message message, State state, Optional<Hash> blockHash, Optional<Long> height,
        long confirmations, boolean isFinal) {

    public enum State {
        PENDING, CONFIRMED, SIDE_BRANCH
    }
}
