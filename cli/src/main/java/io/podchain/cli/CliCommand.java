package io.podchain.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand: reaches the global options through the root command, prints through picocli's writer. */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    GlobalOptions root() {
        return (GlobalOptions) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    Output output() {
        return root().output(out());
    }

    NodeClient client() {
        return root().client();
    }

    @Override
    public Integer call() {
        run();
        return 0;
    }

    abstract void run();

    /** Waits between two looks at the node (send --wait, watch); Ctrl-C ends the command. */
    static void pause(java.time.Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
