/**
 * Keys from words: BIP39 mnemonics (English, 24 words, optional passphrase) and BIP32 derivation of the secp256k1
 * signing key at {@link io.podchain.wallet.MnemonicWallet#DERIVATION_PATH}. The BIP39 word list, PBKDF2 seed and
 * BIP32 arithmetic come from bitcoinj; this package only fixes the choices podchain makes.
 */
package io.podchain.wallet;
