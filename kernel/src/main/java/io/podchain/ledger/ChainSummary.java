package io.podchain.ledger;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import java.math.BigInteger;

/** The best chain at a glance. */
public record ChainSummary(String networkId, Hash genesisHash, BlockHeader tip, BigInteger cumulativeWork) {
    public long height() {
        return tip.height();
    }
}
