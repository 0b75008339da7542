package io.podchain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.Hash;
import io.podchain.chain.Hashes;
import io.podchain.testing.Gen;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bookkeeping of a sync's block downloads: every wanted block is fetched and applied once, in order. */
class DownloadPlanTest {
    private static List<Hash> hashes(int count) {
        return IntStream.range(0, count).mapToObj(i -> Hashes.sha256(new byte[] {(byte) i, (byte) (i >> 8)})).toList();
    }

    @Test
    void oneRequestAtATimeAndFewPagesWaiting() {
        DownloadPlan plan = new DownloadPlan(10, 2);
        plan.want(hashes(50));
        List<Hash> first = plan.nextRequest().orElseThrow();
        assertThat(first).hasSize(10);
        assertThat(plan.nextRequest()).as("an answer is awaited").isEmpty();
        assertThat(plan.answered(first)).isEqualTo(DownloadPlan.Answer.ACCEPTED);
        List<Hash> second = plan.nextRequest().orElseThrow();
        assertThat(plan.answered(second)).isEqualTo(DownloadPlan.Answer.ACCEPTED);
        assertThat(plan.nextRequest()).as("two pages wait to be applied").isEmpty();
        for (int i = 0; i < 10; i++) {
            plan.applied();
        }
        plan.pageApplied();
        assertThat(plan.nextRequest()).isPresent();
    }

    @Test
    void answersThatAreEmptyStaleOrNotAskedForAreNamed() {
        DownloadPlan plan = new DownloadPlan(10, 2);
        assertThat(plan.answered(hashes(1))).as("nothing asked").isEqualTo(DownloadPlan.Answer.STALE);
        plan.want(hashes(20));
        List<Hash> page = plan.nextRequest().orElseThrow();
        assertThat(plan.answered(List.of())).isEqualTo(DownloadPlan.Answer.EMPTY);
        plan.clear();
        plan.want(hashes(20));
        plan.nextRequest();
        assertThat(plan.answered(List.of(page.get(1)))).as("not the next one").isEqualTo(DownloadPlan.Answer.NOT_ASKED);
    }

    /**
     * A serving peer answers each request with a seeded number of the blocks asked (its byte limit); whatever the
     * answers, every wanted block is received and applied exactly once, in order, and the plan ends done.
     */
    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries100")
    void shortAnswersLeaveGapsThatAreAskedForAgainUntilEveryBlockIsAppliedOnceInOrder(long seed) {
        Gen gen = new Gen(seed);
        List<Hash> wanted = hashes(gen.intIn(0, 300));
        DownloadPlan plan = new DownloadPlan(gen.intIn(1, 50), gen.intIn(1, 3));
        plan.want(wanted);
        List<Hash> applied = new ArrayList<>();
        List<List<Hash>> waiting = new ArrayList<>();
        List<Hash> receivedInOrder = new ArrayList<>();
        for (int step = 0; step < 10_000 && !plan.isDone(); step++) {
            Optional<List<Hash>> request = plan.nextRequest();
            if (request.isPresent()) {
                List<Hash> answer = request.get().subList(0, gen.intIn(1, request.get().size()));
                assertThat(plan.answered(answer)).isEqualTo(DownloadPlan.Answer.ACCEPTED);
                receivedInOrder.addAll(answer);
                waiting.add(answer);
            } else if (!waiting.isEmpty()) {
                for (Hash hash : waiting.remove(0)) {
                    plan.applied();
                    applied.add(hash);
                }
                plan.pageApplied();
            }
        }
        assertThat(plan.isDone()).isTrue();
        assertThat(applied).isEqualTo(wanted);
        assertThat(receivedInOrder).isEqualTo(wanted);
    }
}
