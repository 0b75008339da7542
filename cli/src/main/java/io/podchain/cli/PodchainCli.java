package io.podchain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code podchain}: the wallet and client. Global options may come before or after the subcommand (picocli's
 * inherited options); each also has an environment variable, for scripts and shells that talk to one cluster.
 */
@Command(name = "podchain", mixinStandardHelpOptions = true, versionProvider = PodchainCli.Version.class,
        description = "A wallet and client for a podchain node: make a wallet, send signed messages, read the chain.",
        subcommands = {WalletCommand.class, SendCommand.class, ReadCommands.History.class, ReadCommands.Chain.class,
                ReadCommands.Blocks.class, ReadCommands.Block.class, ReadCommands.MessageById.class,
                ReadCommands.Peers.class, ReadCommands.Network.class, ReadCommands.Sync.class, HealthCommand.class,
                MineCommand.class, WatchCommand.class, CommandLine.HelpCommand.class})
public final class PodchainCli implements GlobalOptions {
    /** A node's failure or the user's (the message says which); usage errors exit 2, as picocli does. */
    static final int EXIT_FAILURE = 1;

    @Option(names = "--node", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:PODCHAIN_NODE:-http://127.0.0.1:8080}",
            description = "The node's API (default: $PODCHAIN_NODE or ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", defaultValue = "${env:PODCHAIN_TOKEN}",
            description = "The operator token, for operator commands (default: $PODCHAIN_TOKEN).")
    String token;

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for a terminal) or json (the node's JSON, for scripts). Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Option(names = "--wallet", scope = ScopeType.INHERIT, paramLabel = "FILE",
            defaultValue = "${env:PODCHAIN_WALLET}",
            description = "The wallet file (default: $PODCHAIN_WALLET or ~/.podchain/wallet).")
    Path wallet;

    @Override
    public NodeClient client() {
        return new NodeClient(node, token);
    }

    @Override
    public Path walletFile() {
        return wallet != null ? wallet : WalletFile.DEFAULT;
    }

    @Override
    public Output output(PrintWriter out) {
        return new Output(output, out);
    }

    public static void main(String... args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        // bitcoinj logs through SLF4J; a CLI has no logging backend, and SLF4J would warn about that on every run
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        CommandLine commandLine = new CommandLine(new PodchainCli()).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            if (failure instanceof CliException) {
                line.getErr().println("podchain: " + failure.getMessage());
                line.getErr().flush();
                return EXIT_FAILURE;
            }
            throw failure;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PodchainCli.class.getPackage().getImplementationVersion();
            return new String[] {"podchain " + (version == null ? "(development build)" : version)};
        }
    }
}
