package io.podchain.sim;

import io.podchain.chain.Hash;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.Signature;
import java.util.HashMap;
import java.util.Map;

/**
 * Every signature of a run verified once for all its nodes: a simulated thousand nodes would otherwise verify each
 * block's signature a thousand times on one core. The answer is the reference backend's, remembered by (key, digest,
 * signature): every node gets exactly the answer it would compute, so signatures are still verified.
 */
final class VerifyOnce implements Secp256k1.Backend {
    private record Question(PublicKey key, Hash digest, Signature signature) {
    }

    private final Map<Question, Secp256k1.Verification> answers = new HashMap<>();

    @Override
    public Secp256k1.Verification check(PublicKey key, Hash digest, Signature signature) {
        return answers.computeIfAbsent(new Question(key, digest, signature),
                q -> Secp256k1.BOUNCY_CASTLE.check(q.key(), q.digest(), q.signature()));
    }

    @Override
    public String description() {
        return "BouncyCastle, each signature once per run";
    }

    @Override
    public String name() {
        return "bouncycastle-once";
    }
}
