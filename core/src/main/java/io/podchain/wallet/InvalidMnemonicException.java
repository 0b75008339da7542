package io.podchain.wallet;

/** Words that are not a valid BIP39 mnemonic: unknown word, wrong count or bad checksum. Never carries the words. */
public class InvalidMnemonicException extends RuntimeException {
    public InvalidMnemonicException(String reason) {
        super(reason);
    }
}
