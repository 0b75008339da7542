package io.podchain.chain;

/**
 * Messages whose signature this node has already verified, so that a message checked when it entered the pool is
 * not checked again when it arrives in a block (Bitcoin Core's signature cache). Keyed by the message id, which
 * hashes the whole message, signature included: an id in the set vouches for exactly those bytes, so a message
 * with another signature, recipient or content has another id and is verified afresh. Only valid signatures are
 * remembered; the set may forget any entry at any time (it is bounded), which only costs a verification.
 */
public interface VerifiedSignatures {
    /** Remembers nothing: every signature is verified every time. */
    VerifiedSignatures NONE = new VerifiedSignatures() {
        @Override
        public boolean contains(Hash messageId) {
            return false;
        }

        @Override
        public void add(Hash messageId) {
        }
    };

    boolean contains(Hash messageId);

    /** Called only after the message's signature verified. */
    void add(Hash messageId);
}
