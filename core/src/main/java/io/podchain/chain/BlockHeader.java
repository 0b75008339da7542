package io.podchain.chain;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * A block header. Encoded at a fixed {@link #ENCODED_LENGTH} bytes: version u32, height i64, previous hash,
 * Merkle root, timestamp i64 (UTC milliseconds), difficulty u8, miner key (33), miner signature (64), nonce i64.
 * The miner signs every field before the signature; the block hash covers all of them, so the nonce comes last
 * and miners can hash the fixed prefix once ({@link NonceHasher}).
 */
public final class BlockHeader {
    static final String SIGNING_DOMAIN = "podchain/header/v1";
    /** Bytes the miner signs: everything before the signature. */
    public static final int SIGNED_LENGTH = 4 + 8 + Hash.LENGTH + Hash.LENGTH + 8 + 1 + PublicKey.LENGTH;
    public static final int ENCODED_LENGTH = SIGNED_LENGTH + Signature.LENGTH + 8;

    private final int version;
    private final long height;
    private final Hash previousHash;
    private final Hash merkleRoot;
    private final long timestamp;
    private final int difficulty;
    private final PublicKey minerKey;
    private final Signature minerSignature;
    private final long nonce;
    private final byte[] encoded;
    private final Hash hash;

    public BlockHeader(int version, long height, Hash previousHash, Hash merkleRoot, long timestamp, int difficulty,
            PublicKey minerKey, Signature minerSignature, long nonce) {
        if (version < 0) {
            throw new MalformedException("version must be a u32");
        }
        if (height < 0) {
            throw new MalformedException("height must not be negative");
        }
        if (difficulty < 0 || difficulty > ConsensusLimits.MAX_DIFFICULTY) {
            throw new MalformedException("difficulty must be 0.." + ConsensusLimits.MAX_DIFFICULTY);
        }
        this.version = version;
        this.height = height;
        this.previousHash = Objects.requireNonNull(previousHash, "previousHash");
        this.merkleRoot = Objects.requireNonNull(merkleRoot, "merkleRoot");
        this.timestamp = timestamp;
        this.difficulty = difficulty;
        this.minerKey = Objects.requireNonNull(minerKey, "minerKey");
        this.minerSignature = Objects.requireNonNull(minerSignature, "minerSignature");
        this.nonce = nonce;
        this.encoded = new CanonicalWriter(ENCODED_LENGTH)
                .fixed(signedBytes())
                .fixed(minerSignature.bytesUnsafe())
                .i64(nonce)
                .toByteArray();
        this.hash = Hashes.sha256(encoded);
    }

    /** A header for {@code template}'s fields, signed by {@code miner}, nonce 0. */
    public static BlockHeader signed(int version, long height, Hash previousHash, Hash merkleRoot, long timestamp,
            int difficulty, SigningKey miner) {
        BlockHeader unsigned = new BlockHeader(version, height, previousHash, merkleRoot, timestamp, difficulty,
                miner.publicKey(), Signature.NONE, 0);
        return unsigned.withSignature(miner.sign(unsigned.signingDigest()));
    }

    public static BlockHeader decode(CanonicalReader in) {
        long version = in.u32();
        if (version > Integer.MAX_VALUE) {
            throw new MalformedException("unknown version " + version);
        }
        return new BlockHeader((int) version, in.i64(), in.hash(), in.hash(), in.i64(), in.u8(),
                PublicKey.of(in.fixed(PublicKey.LENGTH)), Signature.of(in.fixed(Signature.LENGTH)), in.i64());
    }

    public static BlockHeader decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        BlockHeader header = decode(in);
        in.requireExhausted();
        return header;
    }

    private byte[] signedBytes() {
        CanonicalWriter out = new CanonicalWriter(SIGNED_LENGTH).u32(version).i64(height);
        previousHash.writeTo(out);
        merkleRoot.writeTo(out);
        return out.i64(timestamp).u8(difficulty).fixed(minerKey.bytesUnsafe()).toByteArray();
    }

    /** What the miner signs: a domain tag and every field before the signature (not the nonce). */
    public Hash signingDigest() {
        return Hashes.signingDigest(SIGNING_DOMAIN, signedBytes());
    }

    public BlockHeader withSignature(Signature signature) {
        return new BlockHeader(version, height, previousHash, merkleRoot, timestamp, difficulty, minerKey, signature,
                nonce);
    }

    public BlockHeader withNonce(long newNonce) {
        return new BlockHeader(version, height, previousHash, merkleRoot, timestamp, difficulty, minerKey,
                minerSignature, newNonce);
    }

    /** Hashes this header for any nonce, reusing the SHA-256 state of the fixed prefix. */
    public NonceHasher nonceHasher() {
        return new NonceHasher(encoded, ENCODED_LENGTH - 8);
    }

    public byte[] canonicalBytes() {
        return encoded.clone();
    }

    void writeTo(CanonicalWriter out) {
        out.fixed(encoded);
    }

    public Hash hash() {
        return hash;
    }

    public int version() {
        return version;
    }

    public long height() {
        return height;
    }

    public Hash previousHash() {
        return previousHash;
    }

    public Hash merkleRoot() {
        return merkleRoot;
    }

    public long timestamp() {
        return timestamp;
    }

    public int difficulty() {
        return difficulty;
    }

    public PublicKey minerKey() {
        return minerKey;
    }

    public Signature minerSignature() {
        return minerSignature;
    }

    public long nonce() {
        return nonce;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader other && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "BlockHeader[" + height + " " + hash.toHex() + "]";
    }

    /**
     * The proof-of-work inner loop: the header's bytes up to the nonce are absorbed once; each try clones that
     * state and absorbs only the eight nonce bytes. Not thread-safe: one per mining thread.
     */
    public static final class NonceHasher {
        private final MessageDigest prefixState;
        private final byte[] nonceBytes = new byte[8];
        private final byte[] digest = new byte[Hash.LENGTH];

        NonceHasher(byte[] encoded, int prefixLength) {
            prefixState = Hashes.newSha256();
            prefixState.update(encoded, 0, prefixLength);
        }

        /** The block hash for {@code nonce}; the returned array is reused by the next call. */
        public byte[] hash(long nonce) {
            for (int i = 7; i >= 0; i--) {
                nonceBytes[i] = (byte) nonce;
                nonce >>>= 8;
            }
            try {
                MessageDigest work = (MessageDigest) prefixState.clone();
                work.update(nonceBytes);
                work.digest(digest, 0, digest.length);
                return digest;
            } catch (CloneNotSupportedException | java.security.DigestException e) {
                throw new IllegalStateException("the JDK SHA-256 supports cloning", e);
            }
        }
    }
}
