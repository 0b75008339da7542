package io.podchain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** What the global options give every subcommand: the node, the wallet, the output format. */
interface GlobalOptions {
    NodeClient client();

    Path walletFile();

    Output output(PrintWriter out);
}
