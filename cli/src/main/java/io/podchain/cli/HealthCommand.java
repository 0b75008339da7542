package io.podchain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Readiness and its reasons, from the management interface (where the kubelet asks). Exits 3 when not ready. */
@Command(name = "health", description = "Is the node ready (in sync, with peers, with its database)? And if not, why."
        + " Exits 0 when ready, 3 when not.")
final class HealthCommand extends CliCommand {
    /** Not ready is an answer, not a failure of the command: scripts tell it apart from an unreachable node (1). */
    static final int NOT_READY = 3;

    @Option(names = "--management", paramLabel = "URL", defaultValue = "${env:PODCHAIN_MANAGEMENT}",
            description = "The management interface (default: $PODCHAIN_MANAGEMENT, or the --node host on port 9000).")
    String management;

    @Override
    public Integer call() {
        NodeClient client = client();
        URI base = management != null ? URI.create(management)
                : URI.create(client.base().getScheme() + "://" + client.base().getHost() + ":9000");
        NodeClient.Answer answer = client.probe(base.resolve("/q/health/ready"));
        JsonNode health = answer.body();
        output().print(health, () -> {
            output().line("readiness: " + Output.cell(health.get("status")));
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode check : health.path("checks")) {
                List<String> details = new ArrayList<>();
                check.path("data").fields().forEachRemaining(e -> details.add(e.getKey() + "=" + e.getValue().asText()));
                rows.add(List.of(Output.cell(check.get("name")), Output.cell(check.get("status")),
                        String.join(" ", details)));
            }
            output().table(List.of("CHECK", "STATUS", "DETAILS"), rows);
        });
        return answer.status() == 200 ? 0 : NOT_READY;
    }

    @Override
    void run() {
        throw new UnsupportedOperationException("call() answers");
    }
}
