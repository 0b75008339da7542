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

    /*
     * Each test class's own loopback block, 127.N.0.x: failsafe runs two classes at a time, and an address decides
     * bans, rate limits, connection budgets, log budgets and iptables cuts, so no two classes share one. Linux answers
     * on all of 127.0.0.0/8 without configuration.
     */
    static final String CLI = "127.10.0.";
    static final String CLOCK_SKEW = "127.27.0.";
    static final String CRASH_RECOVERY = "127.11.0.";
    static final String DASHBOARD = "127.12.0.";
    static final String DATABASE_OUTAGE = "127.13.0.";
    static final String DNS_DISCOVERY = "127.14.0.";
    static final String EARLY_RELAY = "127.25.0.";
    static final String GOSSIP_AND_SYNC = "127.15.0.";
    static final String HEALED_PARTITION = "127.16.0.";
    static final String HOSTILE_PEERS = "127.17.0.";
    static final String MEMBERSHIP = "127.18.0.";
    static final String MESH = "127.19.0.";
    static final String PARTITION = "127.20.0.";
    static final String PEER_TRUST = "127.21.0.";
    static final String POD_FAULTS = "127.26.0.";
    static final String ROGUE_PEER = "127.22.0.";
    static final String SYNC_CONTINUATION = "127.23.0.";
    static final String SYNC_PEER_CHOICE = "127.24.0.";

    private TestNetwork() {
    }
}
