package io.podchain.wallet;

import io.podchain.chain.SigningKey;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.bitcoinj.crypto.HDPath;
import org.bitcoinj.crypto.MnemonicCode;
import org.bitcoinj.crypto.MnemonicException;

/**
 * A BIP39 mnemonic and the signing key it restores. The same words and passphrase always give the same key (the
 * original's "seed" was a one-way digest of the key and could restore nothing).
 *
 * <p>Derivation: BIP39 seed (PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" + passphrase, both NFKD), BIP32
 * master key, then {@link #DERIVATION_PATH}. {@link #toString()} never shows the words.
 */
public final class MnemonicWallet {
    /**
     * BIP44 layout with SLIP-44 coin type 1 ("testnet, all coins"): podchain is not a currency and has no coin
     * type of its own, and its keys must never coincide with a Bitcoin mainnet wallet's made from the same words.
     */
    public static final String DERIVATION_PATH = "m/44H/1H/0H/0/0";
    /** 24 words: 256 bits of entropy, the strongest BIP39 offers. */
    public static final int WORD_COUNT = 24;
    private static final int ENTROPY_BYTES = 32;
    /** BIP39 defines mnemonics of 128 to 256 bits of entropy in steps of 32: 12 to 24 words in steps of 3. */
    private static final Set<Integer> VALID_WORD_COUNTS = Set.of(12, 15, 18, 21, 24);

    private final List<String> words;
    private final SigningKey key;

    private MnemonicWallet(List<String> words, String passphrase) {
        this.words = List.copyOf(words);
        this.key = deriveKey(words, passphrase);
    }

    /** Restores from words separated by white space; any BIP39 length is accepted, 24 is what we generate. */
    public static MnemonicWallet restore(String mnemonic, String passphrase) {
        List<String> words = Arrays.asList(Normalizer.normalize(mnemonic.trim(), Normalizer.Form.NFKD).split("\\s+"));
        if (!VALID_WORD_COUNTS.contains(words.size())) {
            throw new InvalidMnemonicException("a mnemonic has 12, 15, 18, 21 or 24 words, not " + words.size());
        }
        try {
            MnemonicCode.INSTANCE.check(words);
        } catch (MnemonicException.MnemonicWordException e) {
            throw new InvalidMnemonicException("a word is not in the BIP39 English list");
        } catch (MnemonicException e) {
            throw new InvalidMnemonicException("the mnemonic checksum does not match");
        }
        return new MnemonicWallet(words, passphrase);
    }

    public static MnemonicWallet generate(SecureRandom random) {
        byte[] entropy = new byte[ENTROPY_BYTES];
        random.nextBytes(entropy);
        return new MnemonicWallet(MnemonicCode.INSTANCE.toMnemonic(entropy), "");
    }

    /** The BIP39 seed, as the specification defines it. */
    public static byte[] seed(List<String> words, String passphrase) {
        String normalized = Normalizer.normalize(passphrase == null ? "" : passphrase, Normalizer.Form.NFKD);
        return MnemonicCode.toSeed(words, normalized);
    }

    private static SigningKey deriveKey(List<String> words, String passphrase) {
        DeterministicKey key = HDKeyDerivation.createMasterPrivateKey(seed(words, passphrase));
        for (var child : HDPath.parsePath(DERIVATION_PATH)) {
            key = HDKeyDerivation.deriveChildKey(key, child);
        }
        return new SigningKey(key.getPrivKey());
    }

    /** The words, for the one place allowed to persist them (the node's identity store). */
    public String mnemonic() {
        return String.join(" ", words);
    }

    public SigningKey signingKey() {
        return key;
    }

    @Override
    public String toString() {
        return "MnemonicWallet[" + key.publicKey().toHex() + "]";
    }
}
