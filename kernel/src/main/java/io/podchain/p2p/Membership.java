package io.podchain.p2p;

import io.podchain.noise.NoiseHandshake;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.jboss.logging.Logger;

/**
 * Who may become a peer: the holders of this network's cluster secret ({@code podchain.p2p.cluster-secret}). The
 * secret is never used as it is: the channel's pre-shared key is derived from it with HKDF-SHA256, salted with the
 * protocol's name, so the key means nothing anywhere else. Without a secret the network is open: the pre-shared key
 * is the all-zero key everyone knows, and any node may join (a node on a laptop), as the log says once at start.
 */
public class Membership {
    private static final Logger LOG = Logger.getLogger(Membership.class);
    /**
     * Shortest secret accepted: a secret is a key, not a password (HKDF does not stretch it); the chart generates 32
     * random bytes. Shorter ones are refused at start rather than quietly weak.
     */
    public static final int MIN_SECRET_LENGTH = 16;
    private static final byte[] SALT = "podchain cluster secret v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] presharedKey;
    private final boolean open;

    public Membership(P2pConfig config) {
        this(config.clusterSecret());
    }

    /** The membership a holder of {@code secret} has (empty: the open network). */
    public static Membership of(Optional<String> secret) {
        return new Membership(secret);
    }

    Membership(Optional<String> secret) {
        Optional<String> set = secret.map(String::strip).filter(s -> !s.isEmpty());
        if (set.isPresent() && set.get().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("podchain.p2p.cluster-secret has " + set.get().length()
                    + " characters; it must have at least " + MIN_SECRET_LENGTH
                    + " (a random key, e.g. `head -c 32 /dev/urandom | base64`)");
        }
        this.open = set.isEmpty();
        this.presharedKey = set.map(Membership::derive).orElseGet(() -> new byte[32]);
    }

    private static byte[] derive(String secret) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret.getBytes(StandardCharsets.UTF_8), SALT,
                NoiseHandshake.PROTOCOL.getBytes(StandardCharsets.US_ASCII)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    /** Says once, at start, who may become a peer. */
    void logAtStart() {
        if (open) {
            LOG.warn("This node's network is open: any node that reaches its peer port may become a peer. Set"
                    + " podchain.p2p.cluster-secret (the chart does) to admit only this network's members.");
        } else {
            LOG.info("Peers must hold this network's cluster secret");
        }
    }

    /** True when no cluster secret is set. */
    public boolean isOpen() {
        return open;
    }

    /** The channel's pre-shared key (a copy). */
    byte[] presharedKey() {
        return presharedKey.clone();
    }

    @Override
    public String toString() {
        return open ? "Membership[open]" : "Membership[closed]";
    }
}
