package io.podchain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a pod runs the node with, read from the image's Dockerfile ({@code JAVA_OPTS}), with the chart's
 * container memory limit ({@code resources.limits.memory} in values.yaml) given to the JVM as its physical memory
 * ({@code -XX:MaxRAM}), so that every share the options take of the container is computed as in the pod.
 */
public final class PodJvm {
    private static final String DOCKERFILE = "node/src/main/docker/Dockerfile.jvm";
    private static final Pattern JAVA_OPTS = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"");
    private static final Pattern MALLOC_ARENAS = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)");
    private static final Pattern LIMIT = Pattern.compile("(?m)^  limits:\\s*\\n(?:    \\w+: \\S+\\s*\\n)*?    memory: (\\d+)Mi");
    private static final Pattern LIMIT_GI = Pattern.compile("(?m)^  limits:\\s*\\n(?:    \\w+: \\S+\\s*\\n)*?    memory: (\\d+)Gi");

    /** The chart's memory limit of the node's container, in bytes. */
    public static final long MEMORY_LIMIT_BYTES = memoryLimit();
    public static final List<String> OPTIONS = options();
    /** The image's environment for the JVM's C heap (glibc's malloc arenas). */
    public static final java.util.Map<String, String> ENVIRONMENT = environment();

    private PodJvm() {
    }

    private static String read(String path) {
        try {
            return Files.readString(Repo.path(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long memoryLimit() {
        String values = read("helm/podchain/values.yaml");
        Matcher gi = LIMIT_GI.matcher(values);
        if (gi.find()) {
            return Long.parseLong(gi.group(1)) << 30;
        }
        Matcher mi = LIMIT.matcher(values);
        if (mi.find()) {
            return Long.parseLong(mi.group(1)) << 20;
        }
        throw new IllegalStateException("no memory limit for the node in helm/podchain/values.yaml");
    }

    private static List<String> options() {
        Matcher opts = JAVA_OPTS.matcher(read(DOCKERFILE));
        if (!opts.find()) {
            throw new IllegalStateException("no JAVA_OPTS in " + DOCKERFILE);
        }
        List<String> options = new ArrayList<>(List.of(opts.group(1).trim().split("\\s+")));
        options.add("-XX:MaxRAM=" + MEMORY_LIMIT_BYTES);
        return List.copyOf(options);
    }

    private static java.util.Map<String, String> environment() {
        Matcher arenas = MALLOC_ARENAS.matcher(read(DOCKERFILE));
        return arenas.find() ? java.util.Map.of("MALLOC_ARENA_MAX", arenas.group(1)) : java.util.Map.of();
    }

    /** Resident memory of a process in bytes (VmRSS), from /proc. */
    public static long residentBytes(long pid) {
        for (String line : read("/proc/" + pid + "/status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }
}
