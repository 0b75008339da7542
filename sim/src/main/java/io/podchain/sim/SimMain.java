package io.podchain.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code sim/run.sh --nodes N --seed S --minutes M --topology cluster|wan --faults none|chaos --block-time SECONDS
 * --rate MESSAGES_PER_SECOND [--max-outbound 8 --max-inbound 32] [--plant none|reorg-drops-messages]
 * [--content-bytes 0] [--cdf FILE]}: progress on standard error, then one JSON line;
 * exit 1 with the seed and the replay command when an invariant fails, 2 on bad arguments.
 */
public final class SimMain {
    private SimMain() {
    }

    /** The nodes' log lines (a thousand nodes saying "syncing") are not the report: severe ones only. */
    static void quietLogs() {
        System.setProperty("org.jboss.logging.provider", "jdk");
        Logger.getLogger("").setLevel(Level.SEVERE);
        for (var handler : Logger.getLogger("").getHandlers()) {
            handler.setLevel(Level.SEVERE);
        }
    }

    /** The arrival delays' distribution as 1,001 points (share of (block, node) pairs, milliseconds), CSV. */
    private static void writeCdf(Path file, double[] sorted) throws IOException {
        StringBuilder csv = new StringBuilder("share,ms\n");
        for (int i = 0; i <= 1000 && sorted.length > 0; i++) {
            double share = i / 1000.0;
            csv.append(share).append(',')
                    .append(sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))]).append('\n');
        }
        Files.writeString(file, csv);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        String[] defaults = {
            "--nodes", "10",
            "--seed", "1",
            "--minutes", "1",
            "--topology", "cluster",
            "--faults", "none",
            "--block-time", "2",
            "--rate", "10",
            "--max-outbound", "8",
            "--max-inbound", "32",
            "--plant", "none",
            "--cdf", "",
            "--content-bytes", "0"};
        for (int i = 0; i < defaults.length; i += 2) {
            options.put(defaults[i], defaults[i + 1]);
        }
        for (int i = 0; i < args.length; i++) {
            if (!options.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("unknown option or missing value: " + args[i] + "; options: " + options.keySet());
                System.exit(2);
            }
            options.put(args[i], args[++i]);
        }
        quietLogs();
        Simulation.Settings settings;
        try {
            settings = new Simulation.Settings(Integer.parseInt(options.get("--nodes")),
                    Long.parseLong(options.get("--seed")), Double.parseDouble(options.get("--minutes")),
                    options.get("--topology"), options.get("--faults"), Double.parseDouble(options.get("--block-time")),
                    Double.parseDouble(options.get("--rate")), Integer.parseInt(options.get("--max-outbound")),
                    Integer.parseInt(options.get("--max-inbound")),
                    Simulation.Plant.valueOf(options.get("--plant").toUpperCase().replace('-', '_')),
                    Integer.parseInt(options.get("--content-bytes")));
        } catch (IllegalArgumentException e) {
            // a number that is not one, or a value out of range
            System.err.println("bad option value: " + e.getMessage());
            System.exit(2);
            return;
        }
        Simulation.Report report;
        Simulation simulation;
        try {
            simulation = new Simulation(settings);
            report = simulation.run();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!options.get("--cdf").isEmpty()) {
            writeCdf(Path.of(options.get("--cdf")), simulation.arrivalDelays());
        }
        System.out.println(new ObjectMapper().writeValueAsString(report));
        if (!report.failures().isEmpty()) {
            StringBuilder replay = new StringBuilder("sim/run.sh");
            for (String key : new String[] {"--nodes", "--seed", "--minutes", "--topology", "--faults",
                "--block-time", "--rate", "--max-outbound", "--max-inbound", "--plant", "--content-bytes"}) {
                replay.append(' ').append(key).append(' ').append(options.get(key));
            }
            System.err.println("sim: invariants failed for seed " + settings.seed() + ": " + report.failures());
            System.err.println("sim: replay with: " + replay);
            System.exit(1);
        }
    }
}
