package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.noise.NoiseHandshake;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The channel's handshake between two ranges of protocol versions (the highest both speak, or a refusal naming
 * both), between members and strangers, and the derivation of the pre-shared key from the cluster secret.
 */
class SecureChannelTest {
    private static final Membership MEMBER = Membership.of(Optional.of("secure-channel-test-secret"));

    private static SecureChannel.Step connect(Membership dialler, int dMin, int dMax, Membership answerer, int aMin,
            int aMax) throws Exception {
        SecureChannel initiator = SecureChannel.dialling(dialler, dMin, dMax);
        SecureChannel responder = SecureChannel.answering(answerer, aMin, aMax);
        SecureChannel.Step answered = responder.handshake(initiator.firstFrame());
        if (!(answered instanceof SecureChannel.Step.Answer answer)) {
            return answered;
        }
        SecureChannel.Step opened = initiator.handshake(answer.frame());
        assertThat(initiator.binding()).as("both ends share the binding").isEqualTo(responder.binding());
        assertThat(responder.open(initiator.seal("{\"type\":\"PING\"}"))).isEqualTo("{\"type\":\"PING\"}");
        return opened;
    }

    @ParameterizedTest
    @CsvSource({"4,4,4,4,4", "4,5,4,4,4", "4,4,4,5,4", "4,5,4,5,5", "4,9,5,6,6", "5,9,4,6,6"})
    void twoRangesUseTheHighestVersionBothSpeak(int dMin, int dMax, int aMin, int aMax, int expected)
            throws Exception {
        assertThat(connect(MEMBER, dMin, dMax, MEMBER, aMin, aMax))
                .isEqualTo(new SecureChannel.Step.Opened(expected));
    }

    @Test
    void rangesThatDoNotMeetAreRefusedNamingBoth() throws Exception {
        assertThat(connect(MEMBER, 5, 6, MEMBER, 4, 4)).isEqualTo(new SecureChannel.Step.Refused(
                SecureChannel.NO_COMMON_VERSION, "protocol versions [4, 4] here and [5, 6] there do not meet"));
    }

    @Test
    void aStrangerOrAnOpenNodeIsNotAMemberEitherWay() throws Exception {
        Membership stranger = Membership.of(Optional.of("another-network-secret"));
        Membership open = Membership.of(Optional.empty());
        SecureChannel.Step.Refused notAMember = new SecureChannel.Step.Refused(SecureChannel.NOT_A_MEMBER,
                SecureChannel.NOT_A_MEMBER_REASON);
        assertThat(connect(stranger, 4, 4, MEMBER, 4, 4)).isEqualTo(notAMember);
        assertThat(connect(open, 4, 4, MEMBER, 4, 4)).isEqualTo(notAMember);
        assertThat(connect(MEMBER, 4, 4, open, 4, 4)).isEqualTo(notAMember);
        assertThat(connect(open, 4, 4, open, 4, 4)).as("two open nodes").isEqualTo(new SecureChannel.Step.Opened(4));
    }

    @Test
    void theSecretIsAKeyOfSixteenCharactersOrMoreAndOnlyItsDerivedKeyIsUsed() {
        assertThatThrownBy(() -> Membership.of(Optional.of("short-secret")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16")
                .hasMessageNotContaining("short-secret");
        assertThat(Membership.of(Optional.of("  ")).isOpen()).as("blank is unset").isTrue();
        assertThat(MEMBER.presharedKey()).hasSize(32).isNotEqualTo("secure-channel-test-secret".getBytes());
        assertThat(MEMBER.toString()).doesNotContain("secure");
        assertThat(NoiseHandshake.PROTOCOL).isEqualTo("Noise_NNpsk0_25519_AESGCM_SHA256");
    }
}
