package io.podchain.it;

import io.podchain.chain.ChainParams;
import java.util.Map;

/**
 * The consensus parameters the process-level tests' networks share: blocks at 6 bits of difficulty are found in well
 * under a millisecond and nothing retargets within a test, so long chains cost seconds.
 */
final class TestNetwork {
    static final ChainParams PARAMS = new ChainParams("network-test", 6, 1, 100_000,
            ChainParams.DEFAULT_TARGET_BLOCK_TIME);
    /** The same parameters as a node's environment. */
    static final Map<String, String> ENV = Map.of(
            "PODCHAIN_NETWORK_ID", PARAMS.networkId(),
            "PODCHAIN_NETWORK_INITIAL_DIFFICULTY", Integer.toString(PARAMS.initialDifficulty()),
            "PODCHAIN_NETWORK_MIN_DIFFICULTY", Integer.toString(PARAMS.minDifficulty()),
            "PODCHAIN_NETWORK_RETARGET_INTERVAL", Integer.toString(PARAMS.retargetInterval()));

    private TestNetwork() {
    }
}
