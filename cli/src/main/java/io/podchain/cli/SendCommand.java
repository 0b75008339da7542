package io.podchain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podchain.chain.Message;
import io.podchain.wallet.MnemonicWallet;
import io.podchain.wire.MessageJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Signs a message here with the wallet's key (the key never leaves this machine) and submits it. */
@Command(name = "send", description = "Sign a message with your wallet and submit it to the node.")
final class SendCommand extends CliCommand {
    /** How often --wait asks for the message's status. */
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(names = "--to", required = true, paramLabel = "RECIPIENT", description = "Who the message is for.")
    String recipient;

    @Option(names = "--wait", description = "Wait until the message is confirmed in a block.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT2M",
            description = "How long --wait waits (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The message.")
    List<String> words = new ArrayList<>();

    @Override
    void run() {
        MnemonicWallet wallet = WalletFile.read(root().walletFile());
        MessageJson message = MessageJson.of(Message.sign(wallet.signingKey(), recipient, String.join(" ", words),
                System.currentTimeMillis()));
        ObjectNode body = NodeClient.JSON.createObjectNode().put("sender", message.sender())
                .put("recipient", message.recipient()).put("content", message.content())
                .put("createdAt", message.createdAt()).put("signature", message.signature());
        NodeClient client = client();
        JsonNode status = client.post("/api/messages", body);
        String id = status.path("id").asText();
        Instant deadline = Instant.now().plus(timeout);
        while (await && !"CONFIRMED".equals(status.path("status").asText())) {
            if (Instant.now().isAfter(deadline)) {
                throw new CliException("message " + id + " not confirmed within " + timeout + " (still "
                        + status.path("status").asText() + "); `podchain message " + id + "` follows it");
            }
            pause(POLL);
            status = client.get("/api/messages/" + id);
        }
        JsonNode shown = status;
        output().print(shown, () -> ReadCommands.MessageById.fields(output(), shown));
    }
}
