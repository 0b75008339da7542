package io.podchain.chain;

import java.math.BigInteger;

/** A secp256k1 private key with its public key. Its {@link #toString()} never shows key material. */
public final class SigningKey {
    private final BigInteger privateKey;
    private final PublicKey publicKey;

    public SigningKey(BigInteger privateKey) {
        this.privateKey = privateKey;
        this.publicKey = Secp256k1.publicKeyOf(privateKey);
    }

    public static SigningKey fromBytes(byte[] privateKey32) {
        return new SigningKey(new BigInteger(1, privateKey32));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Signature sign(Hash digest) {
        return Secp256k1.sign(privateKey, digest);
    }

    @Override
    public String toString() {
        return "SigningKey[" + publicKey.toHex() + "]";
    }
}
