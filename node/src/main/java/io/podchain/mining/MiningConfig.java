package io.podchain.mining;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** This node's mining policy. Not consensus: nodes of one network may differ here. */
@ConfigMapping(prefix = "podchain.mining")
public interface MiningConfig {
    /** Mine pending messages automatically. */
    @WithDefault("true")
    boolean auto();

    /** Nonce-search threads. */
    @WithDefault("1")
    int threads();

    /** How long auto-mining waits between looks when nothing is pending (new messages wake it at once). */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * Fraction of the target block time after its parent's timestamp before a block is searched for (0 to 0.9).
     * Block intervals become this pause plus a shorter proof-of-work race instead of the race alone, whose
     * exponential tail is what delays confirmations; the retarget makes the race fill the rest of the target.
     */
    @WithDefault("0.5")
    double pace();

    /**
     * Fraction of each nonce-search thread's time spent hashing (0 to 1): the rest it sleeps, so mining costs a
     * bounded share of a core and validation, the API and the peers keep the rest. The retarget sets the difficulty
     * to the network's hash rate either way; a lower share lowers the work an attacker must outdo.
     */
    @WithDefault("0.1")
    double cpuShare();
}
