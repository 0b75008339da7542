package io.podchain.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the container stage measures for the README (not asserted as timings): the image's size, each pod's start to
 * ready, each node's largest RSS seen. Written to target/containers/summary.txt and printed.
 */
final class StageFigures {
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$");

    private final Map<String, Long> startToReadyMillis = new ConcurrentSkipListMap<>();
    private final Map<String, Long> maxRssBytes = new ConcurrentSkipListMap<>();

    void startToReady(String pod, long millis) {
        startToReadyMillis.put(pod, millis);
    }

    /** Reads the node process's resident set from /proc (the stage runs on the engine's host, as root). */
    void sampleMemory(List<ChartPod> pods, String container) {
        for (ChartPod pod : pods) {
            try {
                String status = Files.readString(Path.of("/proc", Long.toString(pod.pid(container)), "status"));
                Matcher rss = RSS.matcher(status);
                if (rss.find()) {
                    maxRssBytes.merge(pod.name(), Long.parseLong(rss.group(1)) * 1024, Math::max);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Map<String, Long> maxRssBytes() {
        return maxRssBytes;
    }

    void write(Docker docker, String image, long memoryLimitBytes) {
        StringBuilder summary = new StringBuilder();
        summary.append("image ").append(image).append(": ")
                .append(docker.tryRun("image", "inspect", "-f", "{{.Size}}", image).out().strip()).append(" bytes\n");
        startToReadyMillis.forEach((pod, ms) -> summary.append("start-to-ready ").append(pod).append(": ").append(ms)
                .append(" ms\n"));
        maxRssBytes.forEach((pod, rss) -> summary.append("max RSS ").append(pod).append(": ")
                .append(rss / (1024 * 1024)).append(" MiB of ").append(memoryLimitBytes / (1024 * 1024))
                .append(" MiB\n"));
        System.out.print("[container stage]\n" + summary);
        try {
            Files.createDirectories(Stage.out());
            Files.writeString(Stage.out().resolve("summary.txt"), summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
