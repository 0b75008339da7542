package io.podchain.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator runs the kernel's own protocol classes deterministically: one seed, one trace. The invariants hold
 * after the quiet stretch for many seeds, without faults and under chaos (partitions that heal, crashes and
 * restarts, pauses, loss, resets, skewed clocks): one tip, every acknowledged message once on every node's main
 * chain, no honest node banned, a connected peer graph, no queue or peer count past its bound. A planted bug is
 * caught by some seed, and that seed replays it exactly.
 */
class SimulationTest {
    /** The CI's chaos seeds: as many 50-node runs as fit a few minutes of the build. */
    private static final int CHAOS_SEEDS = 6;

    private static Simulation.Settings settings(long seed, String topology, int nodes) {
        return new Simulation.Settings(nodes, seed, 1, topology, "none", 2, 20, 8, 32);
    }

    private static Simulation.Settings chaos(long seed, String topology, int nodes, Simulation.Plant plant) {
        return new Simulation.Settings(nodes, seed, 2, topology, "chaos", 2, 10, 8, 32, plant);
    }

    @BeforeAll
    static void quiet() {
        SimMain.quietLogs();
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
        return Stream.iterate(1L, s -> s + 1).limit(6);
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

    static Stream<Long> chaosSeeds() {
        return LongStream.rangeClosed(1, CHAOS_SEEDS).boxed();
    }

    @ParameterizedTest
    @MethodSource("chaosSeeds")
    void theInvariantsHoldAfterChaosStops(long seed) {
        Simulation.Report report = new Simulation(chaos(seed, seed % 2 == 0 ? "wan" : "cluster", 50,
                Simulation.Plant.NONE)).run();
        assertThat(report.failures()).as("seed %d", seed).isEmpty();
        assertThat(report.faultsInjected()).as("faults happened").isPositive();
        assertThat(report.acknowledged()).isPositive();
        assertThat(report.confirmedEverywhere()).isEqualTo(report.acknowledged());
        assertThat(report.duplicated()).isZero();
        assertThat(report.tipsAtEnd()).isEqualTo(1);
        assertThat(report.honestBans()).isZero();
        assertThat(report.maxOutboundPeers()).isLessThanOrEqualTo(8);
        assertThat(report.maxInboundPeers()).isLessThanOrEqualTo(32);
    }

    @Test
    void aPlantedBugIsCaughtBySomeSeedAndThatSeedReplaysIt() {
        Optional<Simulation.Report> caught = LongStream.rangeClosed(1, 20)
                .mapToObj(seed -> new Simulation(chaos(seed, "cluster", 20, Simulation.Plant.REORG_DROPS_MESSAGES)).run())
                .filter(report -> !report.failures().isEmpty())
                .findFirst();
        assertThat(caught).as("a reorganisation that drops messages is caught").isPresent();
        Simulation.Report first = caught.get();
        assertThat(first.lost()).isPositive();
        Simulation.Report replay = new Simulation(chaos(first.seed(), "cluster", 20,
                Simulation.Plant.REORG_DROPS_MESSAGES)).run();
        assertThat(replay.traceHash()).isEqualTo(first.traceHash());
        assertThat(replay.failures()).isEqualTo(first.failures());
        Simulation.Report withoutTheBug = new Simulation(chaos(first.seed(), "cluster", 20, Simulation.Plant.NONE))
                .run();
        assertThat(withoutTheBug.failures()).as("the same seed without the bug").isEmpty();
    }
}
