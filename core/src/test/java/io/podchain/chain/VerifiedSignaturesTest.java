package io.podchain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.TestBlocks;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The signature cache of {@link MessageValidator}: what it remembers, and why keying it by message id is safe. */
class VerifiedSignaturesTest {
    private static final long FAR_FUTURE = Long.MAX_VALUE;

    /** A cache that records what it is asked. */
    private static final class Recording implements VerifiedSignatures {
        final Set<Hash> ids = new HashSet<>();
        int lookups;

        @Override
        public boolean contains(Hash messageId) {
            lookups++;
            return ids.contains(messageId);
        }

        @Override
        public void add(Hash messageId) {
            ids.add(messageId);
        }
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L, 42L, 2026L);
    }

    private static Message randomMessage(Random random) {
        SigningKey key = TestBlocks.key("cache-" + random.nextInt(1_000));
        return Message.sign(key, "r" + random.nextInt(100), "content " + random.nextLong(), random.nextInt(1_000_000));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void onlyValidSignaturesAreRemembered(long seed) {
        Random random = new Random(seed);
        Recording cache = new Recording();
        Message valid = randomMessage(random);
        Message other = randomMessage(random);
        Message forged = new Message(valid.sender(), valid.recipient(), valid.content() + "!", valid.createdAt(),
                valid.signature());

        assertThat(MessageValidator.check(valid, FAR_FUTURE, cache)).isEmpty();
        assertThat(cache.ids).containsExactly(valid.id());
        assertThat(MessageValidator.check(forged, FAR_FUTURE, cache)).extracting(Violation::rule)
                .containsExactly(Rule.INVALID_MESSAGE_SIGNATURE);
        assertThat(cache.ids).as("a failed verification is not remembered").containsExactly(valid.id());
        assertThat(MessageValidator.check(other, FAR_FUTURE, cache)).isEmpty();
        assertThat(cache.ids).containsExactlyInAnyOrder(valid.id(), other.id());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anyChangeToAVerifiedMessageIsVerifiedAfresh(long seed) {
        Random random = new Random(seed);
        Recording cache = new Recording();
        Message valid = randomMessage(random);
        assertThat(MessageValidator.check(valid, FAR_FUTURE, cache)).isEmpty();
        Message signedElse = randomMessage(random);
        // the same sender, text and time with another valid signature's bytes, and each field changed alone
        List<Message> changed = List.of(
                new Message(valid.sender(), valid.recipient(), valid.content(), valid.createdAt(), signedElse.signature()),
                new Message(valid.sender(), valid.recipient() + "x", valid.content(), valid.createdAt(), valid.signature()),
                new Message(valid.sender(), valid.recipient(), valid.content() + "x", valid.createdAt(), valid.signature()),
                new Message(valid.sender(), valid.recipient(), valid.content(), valid.createdAt() + 1, valid.signature()),
                new Message(signedElse.sender(), valid.recipient(), valid.content(), valid.createdAt(), valid.signature()));
        for (Message message : changed) {
            assertThat(message.id()).isNotEqualTo(valid.id());
            assertThat(MessageValidator.check(message, FAR_FUTURE, cache)).as(message.toString())
                    .extracting(Violation::rule).contains(Rule.INVALID_MESSAGE_SIGNATURE);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aBlockOfMessagesThePoolCheckedIsValidatedWithoutVerifyingThemAgain(long seed) {
        Random random = new Random(seed);
        Recording cache = new Recording();
        ChainParams params = new ChainParams("cache-" + seed, 4, 1, 1_000, java.time.Duration.ofSeconds(2));
        List<Message> messages = Stream.generate(() -> randomMessage(random)).limit(20).distinct().toList();
        messages.forEach(m -> assertThat(MessageValidator.check(m, FAR_FUTURE, cache)).isEmpty());
        Block block = TestBlocks.mine(Genesis.create(params).header(), 4, Genesis.TIMESTAMP + 1_000, messages,
                TestBlocks.key("cache-miner"));
        int lookupsBefore = cache.lookups;
        assertThat(new BlockValidator(params, () -> Genesis.TIMESTAMP + 2_000, cache).checkIntrinsic(block, null))
                .isEmpty();
        assertThat(cache.lookups - lookupsBefore).isEqualTo(messages.size());
        assertThat(cache.ids).hasSize(messages.size());

        // the proof that a cached verdict is used: a bad signature the cache vouches for passes, and only then
        Message valid = messages.get(0);
        Message forged = new Message(valid.sender(), valid.recipient(), "forged", valid.createdAt(), valid.signature());
        Block withForged = TestBlocks.mine(Genesis.create(params).header(), 4, Genesis.TIMESTAMP + 1_000,
                List.of(forged), TestBlocks.key("cache-miner"));
        assertThat(new BlockValidator(params, () -> Genesis.TIMESTAMP + 2_000, cache).checkIntrinsic(withForged, null))
                .extracting(Violation::rule).containsExactly(Rule.INVALID_MESSAGE_SIGNATURE);
        cache.add(forged.id());
        assertThat(new BlockValidator(params, () -> Genesis.TIMESTAMP + 2_000, cache).checkIntrinsic(withForged, null))
                .isEmpty();
        assertThat(new BlockValidator(params, () -> Genesis.TIMESTAMP + 2_000).checkIntrinsic(withForged, null))
                .extracting(Violation::rule).containsExactly(Rule.INVALID_MESSAGE_SIGNATURE);
    }
}
