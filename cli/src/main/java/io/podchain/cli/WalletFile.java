package io.podchain.cli;

import io.podchain.wallet.InvalidMnemonicException;
import io.podchain.wallet.MnemonicWallet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The wallet on disk: its BIP39 words, one line, in a file only its owner can read (the directory too, where the
 * file system has POSIX permissions). An existing wallet is never overwritten: words lost are coins lost.
 */
final class WalletFile {
    static final Path DEFAULT = Path.of(System.getProperty("user.home"), ".podchain", "wallet");

    private WalletFile() {
    }

    static MnemonicWallet read(Path file) {
        String words;
        try {
            words = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new CliException("no wallet at " + file + ": create one with `podchain wallet new`, or restore one"
                    + " with `podchain wallet restore`");
        } catch (IOException e) {
            throw new CliException("cannot read the wallet " + file + ": " + e.getMessage(), e);
        }
        try {
            return MnemonicWallet.restore(words, "");
        } catch (InvalidMnemonicException e) {
            throw new CliException("the wallet " + file + " does not hold valid BIP39 words: " + e.getMessage(), e);
        }
    }

    static void write(Path file, MnemonicWallet wallet) {
        Path absolute = file.toAbsolutePath();
        try {
            Path directory = absolute.getParent();
            boolean posix = Files.getFileStore(Files.exists(directory) ? directory : directory.getRoot())
                    .supportsFileAttributeView("posix");
            if (!Files.exists(directory)) {
                if (posix) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(directory);
                }
            }
            if (posix) {
                // created with owner-only permissions, so the words are never readable by others, not even briefly
                Files.createFile(absolute, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(absolute);
            }
            Files.writeString(absolute, wallet.mnemonic() + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new CliException("a wallet already exists at " + file + "; it is not overwritten (choose another"
                    + " with --wallet FILE)");
        } catch (IOException e) {
            throw new CliException("cannot write the wallet " + file + ": " + e.getMessage(), e);
        }
    }
}
