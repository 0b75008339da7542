package io.podchain.cli;

import io.podchain.wallet.InvalidMnemonicException;
import io.podchain.wallet.MnemonicWallet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The wallet: 24 BIP39 words, the key derived from them as the node derives its own ({@code m/44'/1'/0'/0/0}). */
@Command(name = "wallet", description = "Make, restore or show the wallet whose key signs your messages.",
        subcommands = {WalletCommand.New.class, WalletCommand.Restore.class, WalletCommand.Show.class})
final class WalletCommand {

    @Command(name = "new", description = "Generate a wallet: 24 words, shown once and written to the wallet file.")
    static final class New extends CliCommand {
        @Option(names = "--print", description = "Print the words only; write no file.")
        boolean print;

        @Override
        void run() {
            MnemonicWallet wallet = MnemonicWallet.generate(new SecureRandom());
            if (print) {
                out().println(wallet.mnemonic());
                out().flush();
                return;
            }
            Path file = root().walletFile();
            WalletFile.write(file, wallet);
            Output output = output();
            output.line("Your wallet's 24 words. Write them down: they are the only way to restore it, and anyone who"
                    + " has them can sign as you.");
            output.line("");
            output.line("  " + wallet.mnemonic());
            output.line("");
            output.fields(List.of(new String[] {"public key", wallet.signingKey().publicKey().toHex()},
                    new String[] {"wallet file", file.toAbsolutePath().toString()}));
        }
    }

    @Command(name = "restore", description = "Restore a wallet from its words (standard input or --from FILE) into the"
            + " wallet file; prints its public key.")
    static final class Restore extends CliCommand {
        @Option(names = "--from", paramLabel = "FILE", description = "Read the words from this file.")
        Path from;

        @Override
        void run() {
            String words = read();
            MnemonicWallet wallet;
            try {
                wallet = MnemonicWallet.restore(words, "");
            } catch (InvalidMnemonicException e) {
                throw new CliException("not a valid BIP39 mnemonic: " + e.getMessage());
            }
            WalletFile.write(root().walletFile(), wallet);
            output().line(wallet.signingKey().publicKey().toHex());
        }

        private String read() {
            try (InputStream in = from == null ? System.in : Files.newInputStream(from)) {
                String words = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (words.isEmpty()) {
                    throw new CliException("no words given: pipe them in, or use --from FILE");
                }
                return words;
            } catch (IOException e) {
                throw new CliException("cannot read the words: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "show", description = "Print the wallet's public key: your sender id, the party of your history.")
    static final class Show extends CliCommand {
        @Override
        void run() {
            output().line(WalletFile.read(root().walletFile()).signingKey().publicKey().toHex());
        }
    }
}
