package io.podchain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands that read what a node knows; each prints a table or, with --output json, the node's answer as is. */
final class ReadCommands {
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");

    private ReadCommands() {
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Command(name = "chain", description = "The node's chain: height, tip, work, difficulty, pending messages.")
    static final class Chain extends CliCommand {
        @Override
        void run() {
            JsonNode chain = client().get("/api/chain");
            output().print(chain, () -> output().fields(List.of(
                    new String[] {"network", Output.cell(chain.get("networkId"))},
                    new String[] {"height", Output.cell(chain.get("height"))},
                    new String[] {"tip", Output.cell(chain.get("tipHash"))},
                    new String[] {"cumulative work", Output.cell(chain.get("cumulativeWork"))},
                    new String[] {"next difficulty", Output.cell(chain.get("difficulty")) + " bits"},
                    new String[] {"pending messages", Output.cell(chain.get("pendingMessages"))},
                    new String[] {"genesis", Output.cell(chain.get("genesisHash"))})));
        }
    }

    @Command(name = "blocks", description = "Main-chain blocks: the newest by default, or from a height upward.")
    static final class Blocks extends CliCommand {
        @Option(names = "--from", paramLabel = "HEIGHT", description = "First height (default: the newest blocks).")
        Long from;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N (default 20).")
        int limit;

        @Override
        void run() {
            if (limit < 1 || limit > 500) {
                throw new CliException("--limit is between 1 and 500");
            }
            NodeClient client = client();
            long first = from != null ? from
                    : Math.max(0, client.get("/api/chain").path("height").asLong() - limit + 1);
            JsonNode page = client.get("/api/blocks?fromHeight=" + first + "&limit=" + limit);
            output().print(page, () -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode block : page.path("blocks")) {
                    rows.add(blockRow(block));
                }
                output().table(List.of("HEIGHT", "HASH", "TIME", "MESSAGES", "DIFFICULTY", "MINER"), rows);
            });
        }
    }

    static List<String> blockRow(JsonNode block) {
        return List.of(Output.cell(block.get("height")), Output.shortHex(block.get("hash")),
                Output.time(block.get("timestamp")), Integer.toString(block.path("messages").size()),
                Output.cell(block.get("difficulty")), Output.shortHex(block.get("miner")));
    }

    @Command(name = "block", description = "One block, by main-chain height or by hash, with its messages.")
    static final class Block extends CliCommand {
        @Parameters(paramLabel = "HEIGHT|HASH", description = "A height (digits) or a block hash (64 hex characters).")
        String id;

        @Override
        void run() {
            JsonNode block = client().get("/api/blocks/" + encode(id));
            output().print(block, () -> {
                output().fields(List.of(new String[] {"height", Output.cell(block.get("height"))},
                        new String[] {"hash", Output.cell(block.get("hash"))},
                        new String[] {"previous", Output.cell(block.get("previousHash"))},
                        new String[] {"time", Output.time(block.get("timestamp"))},
                        new String[] {"difficulty", Output.cell(block.get("difficulty")) + " bits"},
                        new String[] {"miner", Output.cell(block.get("miner"))},
                        new String[] {"main chain", Output.cell(block.get("mainChain"))},
                        new String[] {"messages", Integer.toString(block.path("messages").size())}));
                if (!block.path("messages").isEmpty()) {
                    output().line("");
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode message : block.path("messages")) {
                        rows.add(List.of(Output.shortHex(message.get("id")), Output.shortHex(message.get("sender")),
                                Output.cell(message.get("recipient")), Output.cell(message.get("content"))));
                    }
                    output().table(List.of("ID", "SENDER", "RECIPIENT", "CONTENT"), rows);
                }
            });
        }
    }

    @Command(name = "message", description = "A message by id: its status, block and confirmations.")
    static final class MessageById extends CliCommand {
        @Parameters(paramLabel = "ID", description = "The message id (64 hex characters).")
        String id;

        @Override
        void run() {
            if (!HASH.matcher(id).matches()) {
                throw new CliException("a message id is 64 hex characters");
            }
            JsonNode status = client().get("/api/messages/" + id);
            output().print(status, () -> fields(output(), status));
        }

        static void fields(Output output, JsonNode status) {
            JsonNode message = status.path("message");
            output.fields(List.of(new String[] {"id", Output.cell(status.get("id"))},
                    new String[] {"status", Output.cell(status.get("status"))},
                    new String[] {"block", Output.cell(status.get("blockHash"))},
                    new String[] {"height", Output.cell(status.get("height"))},
                    new String[] {"confirmations", Output.cell(status.get("confirmations"))},
                    new String[] {"final", Output.cell(status.get("final"))},
                    new String[] {"sender", Output.cell(message.get("sender"))},
                    new String[] {"recipient", Output.cell(message.get("recipient"))},
                    new String[] {"sent", Output.time(message.get("createdAt"))},
                    new String[] {"content", Output.cell(message.get("content"))}));
        }
    }

    @Command(name = "history", description = "A party's messages, newest first: sent (a public key) or received (a"
            + " recipient).")
    static final class History extends CliCommand {
        @Parameters(paramLabel = "PARTY", arity = "0..1",
                description = "A sender's public key or a recipient (default: your wallet's public key).")
        String party;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N (default 20).")
        int limit;

        @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the newest N.")
        int offset;

        @Override
        void run() {
            String who = party != null ? party
                    : WalletFile.read(root().walletFile()).signingKey().publicKey().toHex();
            JsonNode history = client().get("/api/messages?party=" + encode(who) + "&offset=" + offset + "&limit="
                    + limit);
            output().print(history, () -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode item : history.path("items")) {
                    JsonNode message = item.path("message");
                    rows.add(List.of(Output.shortHex(item.get("id")), Output.cell(item.get("status")),
                            Output.cell(item.get("height")), Output.time(message.get("createdAt")),
                            Output.shortHex(message.get("sender")), Output.cell(message.get("recipient")),
                            Output.cell(message.get("content"))));
                }
                output().line(Output.cell(history.get("total")) + " messages of " + who);
                output().table(List.of("ID", "STATUS", "HEIGHT", "SENT", "SENDER", "RECIPIENT", "CONTENT"), rows);
            });
        }
    }

    @Command(name = "peers", description = "The peers this node knows: status, latency, claims and what they proved,"
            + " misbehaviour and bans.")
    static final class Peers extends CliCommand {
        @Override
        void run() {
            JsonNode peers = client().get("/api/peers");
            output().print(peers, () -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode peer : peers) {
                    JsonNode rtt = peer.get("rttMillis");
                    rows.add(List.of(Output.shortHex(peer.get("nodeKey")), Output.cell(peer.get("address")),
                            Output.cell(peer.get("direction")), Output.cell(peer.get("status")),
                            rtt == null || rtt.isNull() ? "-" : String.format("%.1f ms", rtt.asDouble()),
                            Output.cell(peer.get("claimedHeight")), Output.cell(peer.get("verifiedHeight")),
                            Output.cell(peer.get("misbehaviour")), Output.cell(peer.get("bannedUntil"))));
                }
                output().table(List.of("NODE", "ADDRESS", "DIRECTION", "STATUS", "RTT", "CLAIMED", "PROVED",
                        "MISBEHAVIOUR", "BANNED UNTIL"), rows);
            });
        }
    }

    @Command(name = "network", description = "The network as this node sees it: nodes and latency-weighted edges.")
    static final class Network extends CliCommand {
        @Override
        void run() {
            JsonNode graph = client().get("/api/network");
            output().print(graph, () -> {
                output().line(graph.path("nodes").size() + " nodes; this node is "
                        + Output.shortHex(graph.get("self")));
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode edge : graph.path("edges")) {
                    rows.add(List.of(Output.shortHex(edge.get("from")), Output.shortHex(edge.get("to")),
                            String.format("%.1f ms", edge.path("latencyMillis").asDouble())));
                }
                output().table(List.of("FROM", "TO", "LATENCY"), rows);
            });
        }
    }

    @Command(name = "sync", description = "The sync state: in sync, syncing (from whom, to what) or stalled.")
    static final class Sync extends CliCommand {
        @Override
        void run() {
            JsonNode sync = client().get("/api/sync");
            output().print(sync, () -> output().fields(List.of(
                    new String[] {"state", Output.cell(sync.get("state"))},
                    new String[] {"ready", Output.cell(sync.get("ready"))},
                    new String[] {"height", Output.cell(sync.get("height"))},
                    new String[] {"best peer height", Output.cell(sync.get("bestPeerHeight"))},
                    new String[] {"peers", Output.cell(sync.get("peers"))},
                    new String[] {"syncing from", Output.cell(sync.get("syncPeer"))},
                    new String[] {"target height", Output.cell(sync.get("targetHeight"))})));
        }
    }
}
