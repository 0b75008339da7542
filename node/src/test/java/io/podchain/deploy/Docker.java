package io.podchain.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Docker CLI against the container stage's own engine ({@code DOCKER_HOST}, set by
 * {@code src/test/containers/stage.sh}): the commands a person would type, run as processes. Everything it creates
 * carries the stage's label, so that the stage can remove what a crashed test left.
 */
final class Docker {
    /** Longer than any command takes here, including a {@code docker stop} that waits out a grace period. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final String binary;
    private final String label;

    private Docker(String binary, String label) {
        this.binary = binary;
        this.label = label;
    }

    static Docker fromStage() {
        return new Docker(Stage.env("PODCHAIN_CT_DOCKER"), Stage.env("PODCHAIN_CT_LABEL"));
    }

    String label() {
        return label;
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs a command that must succeed; returns its standard output, trimmed. */
    String run(String... args) {
        Result result = tryRun(args);
        if (!result.ok()) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " exited " + result.exitCode() + ": "
                    + result.err().strip());
        }
        return result.out().strip();
    }

    Result tryRun(String... args) {
        List<String> command = new ArrayList<>(List.of(binary));
        command.addAll(List.of(args));
        try {
            // standard error goes to a file: reading one pipe while the other fills up would block the command
            Path err = Files.createTempFile("docker-stderr", ".txt");
            try {
                Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("docker " + String.join(" ", args) + " did not end in "
                            + COMMAND_TIMEOUT);
                }
                return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                        Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code docker inspect -f} of one object. */
    String inspect(String name, String format) {
        return run("inspect", "-f", format, name);
    }

    /** Writes a container's output (both streams) to a file, for the logs a failed run keeps. */
    void saveLogs(String container, Path file) {
        Result logs = tryRun("logs", container);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, logs.out() + logs.err());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every container, network and volume this stage labelled; what was already gone is no error. */
    void removeLabelled() {
        for (String kind : List.of("container", "network", "volume")) {
            String ids = tryRun(kind, "ls", "-q" + (kind.equals("container") ? "a" : ""), "--filter",
                    "label=" + label).out().strip();
            if (!ids.isEmpty()) {
                List<String> remove = new ArrayList<>(List.of(kind, "rm"));
                if (kind.equals("container")) {
                    remove.add("-f");
                }
                remove.addAll(List.of(ids.split("\\s+")));
                tryRun(remove.toArray(String[]::new));
            }
        }
    }
}
