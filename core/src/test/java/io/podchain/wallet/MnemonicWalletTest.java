package io.podchain.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.bitcoinj.crypto.MnemonicCode;
import org.junit.jupiter.api.Test;

public class MnemonicWalletTest {

    @Test
    void passesTheOfficialBip39Vectors() throws Exception {
        JsonNode root = new ObjectMapper().readTree(getClass().getResourceAsStream("/vectors/bip39-english-trezor.json"));
        String passphrase = root.get("passphrase").asText();
        assertThat(root.get("vectors")).hasSizeGreaterThanOrEqualTo(12);
        for (JsonNode vector : root.get("vectors")) {
            byte[] entropy = HexFormat.of().parseHex(vector.get(0).asText());
            List<String> words = Arrays.asList(vector.get(1).asText().split(" "));
            assertThat(MnemonicCode.INSTANCE.toMnemonic(entropy)).isEqualTo(words);
            byte[] seed = MnemonicWallet.seed(words, passphrase);
            assertThat(HexFormat.of().formatHex(seed)).isEqualTo(vector.get(2).asText());
            assertThat(HDKeyDerivation.createMasterPrivateKey(seed).serializePrivB58(BitcoinNetwork.MAINNET))
                    .isEqualTo(vector.get(3).asText());
            assertThat(MnemonicWallet.restore(vector.get(1).asText(), passphrase).signingKey().publicKey())
                    .as("restore accepts the words").isNotNull();
        }
    }

    @Test
    void sameWordsAndPassphraseAlwaysRestoreTheSameKey() {
        String words = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                + "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art";
        MnemonicWallet first = MnemonicWallet.restore(words, "");
        assertThat(MnemonicWallet.restore("  " + words.replace(" ", "   ") + "\n", "").signingKey().publicKey())
                .isEqualTo(first.signingKey().publicKey());
        assertThat(MnemonicWallet.restore(words, "secret").signingKey().publicKey())
                .isNotEqualTo(first.signingKey().publicKey());
        // pinned: the key at m/44'/1'/0'/0/0 of this mnemonic, so the derivation can never change silently
        assertThat(first.signingKey().publicKey().toHex())
                .isEqualTo(PINNED_ART_KEY);
    }

    public static final String PINNED_ART_KEY = "035a6f28253f35e2ff1ab0b086b8c87f731159661157e5be2ca98188369625dc32";

    @Test
    void generatesTwentyFourRestorableWords() {
        MnemonicWallet wallet = MnemonicWallet.generate(new SecureRandom());
        assertThat(wallet.mnemonic().split(" ")).hasSize(MnemonicWallet.WORD_COUNT);
        assertThat(MnemonicWallet.restore(wallet.mnemonic(), "").signingKey().publicKey())
                .isEqualTo(wallet.signingKey().publicKey());
        assertThat(wallet.toString()).doesNotContain(wallet.mnemonic().split(" ")[0] + " ");
    }

    @Test
    void rejectsWordsThatAreNotAMnemonic() {
        assertThatThrownBy(() -> MnemonicWallet.restore("abandon abandon abandon", ""))
                .isInstanceOf(InvalidMnemonicException.class).hasMessageContaining("12, 15, 18, 21 or 24");
        assertThatThrownBy(() -> MnemonicWallet.restore(
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon notaword", ""))
                .isInstanceOf(InvalidMnemonicException.class).hasMessageContaining("not in the BIP39");
        assertThatThrownBy(() -> MnemonicWallet.restore(
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", ""))
                .isInstanceOf(InvalidMnemonicException.class).hasMessageContaining("checksum")
                .hasMessageNotContaining("abandon");
    }
}
