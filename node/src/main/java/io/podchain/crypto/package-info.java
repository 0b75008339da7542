/**
 * Which implementation verifies signatures: Bitcoin Core's libsecp256k1 through JNI when it loads, behind the
 * chain's {@link io.podchain.chain.Secp256k1.Backend}, with BouncyCastle (the reference) as the fallback.
 */
package io.podchain.crypto;
