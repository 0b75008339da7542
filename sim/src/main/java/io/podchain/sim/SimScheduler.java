package io.podchain.sim;

import io.podchain.p2p.Scheduler;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated node's {@link Scheduler}: virtual time, work run as later events of the loop, and a random source
 * seeded from the run's seed and the node. A crash drops everything the node had scheduled; a pause holds it (and
 * what arrives meanwhile) until the node resumes, as a stopped process neither reads nor runs its timers.
 */
final class SimScheduler implements Scheduler {
    private final EventLoop loop;
    private final SecureRandom random;
    /** Bumped by a crash: tasks of an earlier life are dropped when they come due. */
    private long life;
    private boolean paused;
    private final List<Runnable> held = new ArrayList<>();

    SimScheduler(EventLoop loop, long seed, int node) {
        this.loop = loop;
        try {
            // SHA1PRNG seeded before its first use is a deterministic generator: the same bytes on every run
            random = SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        random.setSeed(seed * 1_000_003L + node);
    }

    @Override
    public long nanoTime() {
        return loop.now();
    }

    @Override
    public void execute(Runnable task) {
        at(loop.now(), task);
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        at(loop.now() + delay.toNanos(), task);
    }

    /** Runs {@code task} at {@code time} as this node, unless it crashed meanwhile (held while it is paused). */
    void at(long time, Runnable task) {
        long scheduledIn = life;
        loop.at(time, () -> run(scheduledIn, task));
    }

    private void run(long scheduledIn, Runnable task) {
        if (scheduledIn != life) {
            return;
        }
        if (paused) {
            held.add(task);
            return;
        }
        task.run();
    }

    @Override
    public SecureRandom random() {
        return random;
    }

    /** The node's process died: nothing it had scheduled runs. */
    void crash() {
        life++;
        held.clear();
        paused = false;
    }

    boolean isPaused() {
        return paused;
    }

    void pause() {
        paused = true;
    }

    /** Resumes: what came due while paused runs now, in its order. */
    void resume() {
        paused = false;
        List<Runnable> due = new ArrayList<>(held);
        held.clear();
        due.forEach(this::execute);
    }
}
