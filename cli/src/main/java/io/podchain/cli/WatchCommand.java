package io.podchain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Follows the chain: prints each new main-chain block as it arrives, and says when the tip moves to another branch. */
@Command(name = "watch", description = "Follow new blocks as they arrive (Ctrl-C to stop).")
final class WatchCommand extends CliCommand {
    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "PT1S",
            description = "How often to look (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N blocks.")
    Integer count;

    @Override
    void run() {
        NodeClient client = client();
        Output output = output();
        long shown = client.get("/api/chain").path("height").asLong();
        int printed = 0;
        if (!output.json()) {
            output.line("watching " + client.base() + " from height " + shown);
            output.table(List.of("HEIGHT", "HASH", "TIME", "MESSAGES", "DIFFICULTY", "MINER"), List.of(
                    ReadCommands.blockRow(client.get("/api/blocks/" + shown))));
        }
        while (count == null || printed < count) {
            JsonNode chain = client.get("/api/chain");
            long height = chain.path("height").asLong();
            if (height < shown) {
                output.line("-- the tip moved to another branch at height " + height);
                shown = height;
            }
            if (height > shown) {
                JsonNode page = client.get("/api/blocks?fromHeight=" + (shown + 1) + "&limit="
                        + Math.min(500, height - shown));
                for (JsonNode block : page.path("blocks")) {
                    if (output.json()) {
                        output.line(block.toString());
                    } else {
                        List<String> row = ReadCommands.blockRow(block);
                        output.line(String.join("  ", row));
                    }
                    shown = block.path("height").asLong();
                    printed++;
                    if (count != null && printed >= count) {
                        return;
                    }
                }
                continue;
            }
            pause(interval);
        }
    }
}
