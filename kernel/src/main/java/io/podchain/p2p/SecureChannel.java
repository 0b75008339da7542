package io.podchain.p2p;

import io.podchain.noise.NoiseException;
import io.podchain.noise.NoiseHandshake;
import io.podchain.noise.NoiseSession;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * One connection's channel: the Noise handshake ({@link NoiseHandshake}, pre-shared key from {@link Membership}) in
 * the first two binary frames, then every protocol message as one frame of Noise transport messages. The dialler is
 * the initiator. Its first message carries the range of protocol versions it speaks, the answer the version both
 * use: the highest in both ranges.
 *
 * <pre>
 *   -> e (32) || AES-GCM(psk-derived key, [min, max])       refused: close 4001 (not a member), 4002 (no version)
 *   <- e (32) || AES-GCM(session key, [version])
 * </pre>
 *
 * Sending is serialised (nonces must go out in the order frames do); receiving happens on the connection's event
 * loop, in order.
 */
public final class SecureChannel {
    /** Fixed for every version: the channel itself never changes shape, what travels in it does. */
    private static final byte[] PROLOGUE = "podchain p2p channel".getBytes(StandardCharsets.US_ASCII);
    /** WebSocket close codes (4000-4999 are the application's) a refusal carries, so the other side can say why. */
    public static final short NOT_A_MEMBER = 4001;
    public static final short NO_COMMON_VERSION = 4002;
    public static final short NOT_AUTHENTIC = 4003;
    public static final String NOT_A_MEMBER_REASON = "not a member of this network";

    /** What a handshake frame led to. */
    public sealed interface Step {
        /** The responder's answer to send; the channel is open. */
        record Answer(byte[] frame, int version) implements Step {
        }

        /** The initiator read the answer; the channel is open. */
        record Opened(int version) implements Step {
        }

        /** Refused: close with this code and reason. */
        record Refused(short code, String reason) implements Step {
        }
    }

    private final NoiseHandshake handshake;
    private final int minVersion;
    private final int maxVersion;
    private volatile NoiseSession session;
    private volatile int version;

    private SecureChannel(NoiseHandshake handshake, int minVersion, int maxVersion) {
        this.handshake = handshake;
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
    }

    static SecureChannel of(NoiseHandshake.Role role, byte[] presharedKey, int minVersion, int maxVersion,
            SecureRandom random) {
        return new SecureChannel(NoiseHandshake.start(role, PROLOGUE, presharedKey, random), minVersion, maxVersion);
    }

    /** With a given ephemeral key: for the golden vectors of docs/protocol.md only. */
    static SecureChannel withEphemeral(NoiseHandshake.Role role, Membership membership, byte[] ephemeralPrivate,
            int minVersion, int maxVersion) {
        return new SecureChannel(NoiseHandshake.withEphemeral(role, PROLOGUE, membership.presharedKey(),
                ephemeralPrivate), minVersion, maxVersion);
    }

    /** The answering side of a channel of {@code membership}'s network (tests stand in for a node with it). */
    public static SecureChannel answering(Membership membership, int minVersion, int maxVersion) {
        return of(NoiseHandshake.Role.RESPONDER, membership.presharedKey(), minVersion, maxVersion, new SecureRandom());
    }

    /** The dialling side of a channel to a node of {@code membership}'s network (tools and tests dial with it). */
    public static SecureChannel dialling(Membership membership, int minVersion, int maxVersion) {
        return of(NoiseHandshake.Role.INITIATOR, membership.presharedKey(), minVersion, maxVersion, new SecureRandom());
    }

    /** The initiator's first frame. */
    public byte[] firstFrame() {
        try {
            return handshake.writeMessage(new byte[] {(byte) minVersion, (byte) maxVersion});
        } catch (NoiseException e) {
            throw new IllegalStateException("the first message has no Diffie-Hellman to fail", e);
        }
    }

    /** A frame that arrived before the channel is open: the other side's handshake message. */
    public Step handshake(byte[] frame) {
        byte[] payload;
        try {
            payload = handshake.readMessage(frame);
        } catch (NoiseException e) {
            // the first message only fails for a sender without our pre-shared key (or one not speaking Noise at
            // all); the answer only for a responder without it
            return new Step.Refused(NOT_A_MEMBER, NOT_A_MEMBER_REASON);
        }
        if (handshake.role() == NoiseHandshake.Role.RESPONDER) {
            if (payload.length != 2) {
                return new Step.Refused(NO_COMMON_VERSION, "no version range in the first message");
            }
            int theirMin = payload[0] & 0xff;
            int theirMax = payload[1] & 0xff;
            int common = Math.min(maxVersion, theirMax);
            if (common < Math.max(minVersion, theirMin)) {
                return new Step.Refused(NO_COMMON_VERSION, "protocol versions [" + minVersion + ", " + maxVersion
                        + "] here and [" + theirMin + ", " + theirMax + "] there do not meet");
            }
            byte[] answer;
            try {
                answer = handshake.writeMessage(new byte[] {(byte) common});
            } catch (NoiseException e) {
                return new Step.Refused(NOT_AUTHENTIC, "a malformed ephemeral key");
            }
            open(common);
            return new Step.Answer(answer, common);
        }
        int chosen = payload.length == 1 ? payload[0] & 0xff : -1;
        if (chosen < minVersion || chosen > maxVersion) {
            return new Step.Refused(NO_COMMON_VERSION, "the answer chose version " + chosen + ", outside ["
                    + minVersion + ", " + maxVersion + "]");
        }
        open(chosen);
        return new Step.Opened(chosen);
    }

    private void open(int chosen) {
        version = chosen;
        session = handshake.session();
    }

    public boolean isOpen() {
        return session != null;
    }

    /** The protocol version both sides use; 0 until the channel is open. */
    public int version() {
        return version;
    }

    /** Shared by both sides of this connection only: what each side's proof of its key signs. */
    public byte[] binding() {
        return session.handshakeHash();
    }

    /** The frame carrying {@code text}; the caller sends frames in the order it sealed them. */
    public byte[] seal(String text) {
        return session.seal(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The message a received frame carries.
     *
     * @throws NoiseException when it does not authenticate: changed, cut, replayed, injected or reordered on the
     *         way; the channel cannot go on
     */
    public String open(byte[] frame) throws NoiseException {
        return new String(session.open(frame), StandardCharsets.UTF_8);
    }
}
