package io.podchain.ledger;

import io.podchain.chain.Block;

/**
 * Published, inside the transaction that stores it, when a single block has passed every rule against the branch
 * it joins and carries more work than the tip, before it is written: relaying it need not wait for the writes and
 * the commit, as Bitcoin Core announces a block to high-bandwidth peers once it is valid and before it is connected.
 * If the commit then fails, the block was still valid; this node lacks it until a peer sends it again (the relay
 * code forgets that it saw it, and a child of it starts a header sync). {@link ChainTipChanged} follows after the
 * commit. Not published for the blocks of a page (sync), which are not announced one by one.
 */
public record TipBlockValidated(Block block) {
}
