package io.podchain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;

/** Mines one block now (the pending messages, or an empty block): an operator action. */
@Command(name = "mine", description = "Mine a block now (operator: needs --token).")
final class MineCommand extends CliCommand {
    @Override
    void run() {
        JsonNode block = client().post("/api/mine", null);
        output().print(block, () -> output().table(List.of("HEIGHT", "HASH", "TIME", "MESSAGES",
                "DIFFICULTY", "MINER"), List.of(ReadCommands.blockRow(block))));
    }
}
