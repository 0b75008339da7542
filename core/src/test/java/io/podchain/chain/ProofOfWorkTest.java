package io.podchain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProofOfWorkTest {
    @ParameterizedTest
    @CsvSource({
        "ff00000000000000000000000000000000000000000000000000000000000000, 0",
        "7f00000000000000000000000000000000000000000000000000000000000000, 1",
        "0100000000000000000000000000000000000000000000000000000000000000, 7",
        "0080000000000000000000000000000000000000000000000000000000000000, 8",
        "00000fffffffffffffffffffffffffffffffffffffffffffffffffffffffffff, 20",
        "0000000000000000000000000000000000000000000000000000000000000001, 255",
        "0000000000000000000000000000000000000000000000000000000000000000, 256"
    })
    void countsLeadingZeroBits(String digest, int bits) {
        byte[] bytes = HexFormat.of().parseHex(digest);
        assertThat(ProofOfWork.leadingZeroBits(bytes)).isEqualTo(bits);
        assertThat(ProofOfWork.meets(bytes, bits)).isTrue();
        if (bits < 256) {
            assertThat(ProofOfWork.meets(bytes, bits + 1)).isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    void workIsTwoToTheDifficultyAndForkChoiceNeedsStrictlyMore() {
        assertThat(ProofOfWork.work(0)).isEqualTo(BigInteger.ONE);
        assertThat(ProofOfWork.work(20)).isEqualTo(BigInteger.valueOf(1 << 20));
        assertThat(ChainWork.cumulative(BigInteger.TEN, 3)).isEqualTo(BigInteger.valueOf(18));
        assertThat(ChainWork.isBetter(BigInteger.TEN, BigInteger.TEN)).as("tie keeps the first seen").isFalse();
        assertThat(ChainWork.isBetter(BigInteger.valueOf(11), BigInteger.TEN)).isTrue();
    }
}
