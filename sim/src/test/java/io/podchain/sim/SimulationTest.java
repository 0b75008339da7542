package io.podchain.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The simulator runs the kernel's own protocol classes deterministically: one seed, one trace; the invariants hold
 * after the quiet stretch for many seeds of small clusters and WANs (one tip, every acknowledged message on every
 * node, no honest node banned, a connected peer graph within the peer bounds).
 */
class SimulationTest {
    private static Simulation.Settings settings(long seed, String topology, int nodes) {
        return new Simulation.Settings(nodes, seed, 1, topology, "none", 2, 20, 8, 32);
    }

    @Test
    void oneSeedGivesOneTraceAndAnotherSeedAnother() {
        Simulation.Report first = new Simulation(settings(7, "cluster", 12)).run();
        Simulation.Report again = new Simulation(settings(7, "cluster", 12)).run();
        Simulation.Report other = new Simulation(settings(8, "cluster", 12)).run();
        assertThat(again.traceHash()).isEqualTo(first.traceHash());
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(other.traceHash()).isNotEqualTo(first.traceHash());
    }

    static Stream<Long> seeds() {
        return Stream.iterate(1L, s -> s + 1).limit(12);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theInvariantsHoldAfterTheQuietStretch(long seed) {
        Simulation.Report report = new Simulation(settings(seed, seed % 2 == 0 ? "wan" : "cluster", 20)).run();
        assertThat(report.failures()).as("seed %d", seed).isEmpty();
        assertThat(report.tipsAtEnd()).isEqualTo(1);
        assertThat(report.acknowledged()).isPositive();
        assertThat(report.lost()).isZero();
        assertThat(report.honestBans()).isZero();
        assertThat(report.blocks()).isPositive();
        assertThat(report.graphConnected()).isTrue();
        assertThat(report.maxPeers()).isLessThanOrEqualTo(8 + 32);
    }
}
