/**
 * The Noise Protocol Framework (revision 34), as much of it as the p2p channel uses: the handshake pattern
 * {@code Noise_NNpsk0_25519_AESGCM_SHA256} and its transport messages. Pure Java on kept primitives (BouncyCastle's
 * X25519, HKDF and SHA-256; the JDK's AES-GCM, which the JIT runs with AES-NI): no framework, no I/O, checked
 * against the Noise project's own test vectors. {@link io.podchain.noise.NoiseHandshake} runs the two handshake
 * messages and gives a {@link io.podchain.noise.NoiseSession}: two {@link io.podchain.noise.CipherState}s and the
 * handshake hash that both sides share and nobody else can (channel binding).
 */
package io.podchain.noise;
