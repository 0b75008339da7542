package io.podchain.chain;

import io.podchain.testing.Gen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.InMemoryChain;
import io.podchain.testing.TestBlocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockValidatorTest {
    static final ChainParams PARAMS = new ChainParams("validator-test", 6, 2, 1000, Duration.ofSeconds(10));
    static final SigningKey MINER = TestBlocks.key("miner");
    static final SigningKey ALICE = TestBlocks.key("alice");
    static final Block GENESIS = Genesis.create(PARAMS);
    static final long T1 = Genesis.TIMESTAMP + 60_000;
    static final long NOW = T1 + 1_000;
    static final List<Message> MESSAGES = List.of(
            Message.sign(ALICE, "bob", "hello bob", T1 - 10),
            Message.sign(ALICE, "carol", "hello carol", T1 - 5));
    static final Block BLOCK_1 = TestBlocks.mine(GENESIS.header(), 6, T1, MESSAGES, MINER);

    private final BlockValidator validator = new BlockValidator(PARAMS, () -> NOW);

    private ValidationResult validate(Block block) {
        return validator.validate(block, null, new InMemoryChain(GENESIS));
    }

    private static BlockHeader header(BlockHeader h, int version, long height, Hash prev, Hash merkle, long timestamp,
            int difficulty, PublicKey miner, Signature signature, long nonce) {
        return new BlockHeader(version, height, prev, merkle, timestamp, difficulty, miner, signature, nonce);
    }

    private static Block withHeader(BlockHeader header) {
        return new Block(header, BLOCK_1.messages());
    }

    @Test
    void aMinedBlockIsValid() {
        assertThat(validate(BLOCK_1).violations()).isEmpty();
        assertThat(validator.validate(BLOCK_1, BLOCK_1.hash(), new InMemoryChain(GENESIS)).isValid()).isTrue();
    }

    // ---- every header field, changed, breaks the rule that guards it ----

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries30")
    void changedVersionIsMalformed(long seed) {
        Gen gen = new Gen(seed);
        int version = gen.intIn(2, Integer.MAX_VALUE);
        BlockHeader h = BLOCK_1.header();
        Block block = withHeader(TestBlocks.resignAndSolve(header(h, version, h.height(), h.previousHash(),
                h.merkleRoot(), h.timestamp(), h.difficulty(), h.minerKey(), h.minerSignature(), 0), MINER));
        assertThat(validate(block).rules()).contains(Rule.MALFORMED);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries30")
    void changedHeightIsAGap(long seed) {
        Gen gen = new Gen(seed);
        long height = gen.longIn(2, 1_000_000);
        BlockHeader h = BLOCK_1.header();
        Block block = withHeader(TestBlocks.resignAndSolve(header(h, h.version(), height, h.previousHash(),
                h.merkleRoot(), h.timestamp(), h.difficulty(), h.minerKey(), h.minerSignature(), 0), MINER));
        assertThat(validate(block).rules()).containsExactly(Rule.HEIGHT_MISMATCH);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries30")
    void changedPreviousHashIsAnUnknownParent(long seed) {
        Gen gen = new Gen(seed);
        byte[] previous = gen.bytes(32);
        BlockHeader h = BLOCK_1.header();
        Block block = withHeader(TestBlocks.resignAndSolve(header(h, h.version(), h.height(), Hash.of(previous),
                h.merkleRoot(), h.timestamp(), h.difficulty(), h.minerKey(), h.minerSignature(), 0), MINER));
        assertThat(validate(block).rules()).containsExactly(Rule.UNKNOWN_PARENT);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries30")
    void changedMerkleRootIsBad(long seed) {
        Gen gen = new Gen(seed);
        byte[] root = gen.bytes(32);
        BlockHeader h = BLOCK_1.header();
        Block block = withHeader(TestBlocks.resignAndSolve(header(h, h.version(), h.height(), h.previousHash(),
                Hash.of(root), h.timestamp(), h.difficulty(), h.minerKey(), h.minerSignature(), 0), MINER));
        assertThat(validate(block).rules()).containsExactly(Rule.BAD_MERKLE_ROOT);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries30")
    void changedDifficultyIsBad(long seed) {
        Gen gen = new Gen(seed);
        int difficulty = gen.intIn(0, 11);
        difficulty = difficulty >= 6 ? difficulty + 1 : difficulty; // 0..12 but the required 6
        BlockHeader h = BLOCK_1.header();
        Block block = withHeader(TestBlocks.resignAndSolve(header(h, h.version(), h.height(), h.previousHash(),
                h.merkleRoot(), h.timestamp(), difficulty, h.minerKey(), h.minerSignature(), 0), MINER));
        assertThat(validate(block).rules()).containsExactly(Rule.BAD_DIFFICULTY);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries30")
    void anySignedFieldChangedWithoutResigningBreaksTheSignature(long seed) {
        Gen gen = new Gen(seed);
        int field = gen.intIn(0, 3);
        long delta = gen.longIn(1, 1_000);
        BlockHeader h = BLOCK_1.header();
        BlockHeader changed = switch (field) {
            case 0 -> header(h, h.version(), h.height(), h.previousHash(), h.merkleRoot(), h.timestamp() - delta,
                    h.difficulty(), h.minerKey(), h.minerSignature(), 0);
            case 1 -> header(h, h.version(), h.height(), h.previousHash(), h.merkleRoot(), h.timestamp(),
                    h.difficulty(), TestBlocks.key("other" + delta).publicKey(), h.minerSignature(), 0);
            case 2 -> header(h, h.version(), h.height(), h.previousHash(), h.merkleRoot(), h.timestamp(),
                    h.difficulty(), h.minerKey(), MINER.sign(Hashes.sha256(new byte[] {(byte) delta})), 0);
            default -> header(h, h.version(), h.height(), h.previousHash(), h.merkleRoot(), h.timestamp(),
                    h.difficulty(), h.minerKey(), Signature.of(h.minerSignature().r(),
                            Secp256k1.order().subtract(h.minerSignature().s())), 0);
        };
        Block block = withHeader(TestBlocks.solve(changed));
        assertThat(validate(block).rules()).containsExactly(Rule.INVALID_BLOCK_SIGNATURE);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries100")
    void changedNonceLacksWorkOrBetraysTheDeclaredHash(long seed) {
        Gen gen = new Gen(seed);
        long drawn = gen.anyLong();
        long nonce = drawn == BLOCK_1.header().nonce() ? drawn + 1 : drawn;
        Block block = withHeader(BLOCK_1.header().withNonce(nonce));
        ValidationResult withDeclared = validator.validate(block, BLOCK_1.hash(), new InMemoryChain(GENESIS));
        assertThat(withDeclared.rules()).contains(Rule.INVALID_HASH);
        if (!ProofOfWork.meets(block.hash(), block.header().difficulty())) {
            assertThat(validate(block).rules()).containsExactly(Rule.INSUFFICIENT_WORK);
        }
    }

    // ---- every message field, changed, breaks its signature (and the Merkle root) ----

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries50")
    void anyMessageFieldChangedBreaksItsSignature(long seed) {
        Gen gen = new Gen(seed);
        int field = gen.intIn(0, 4);
        String text = gen.string(1, 20);
        long delta = gen.longIn(1, 1000);
        Message m = MESSAGES.get(0);
        Message changed = switch (field) {
            case 0 -> new Message(m.sender(), m.recipient() + text, m.content(), m.createdAt(), m.signature());
            case 1 -> new Message(m.sender(), m.recipient(), m.content() + text, m.createdAt(), m.signature());
            case 2 -> new Message(m.sender(), m.recipient(), m.content(), m.createdAt() - delta, m.signature());
            case 3 -> new Message(TestBlocks.key(text).publicKey(), m.recipient(), m.content(), m.createdAt(),
                    m.signature());
            default -> new Message(m.sender(), m.recipient(), m.content(), m.createdAt(),
                    Signature.of(m.signature().r(), Secp256k1.order().subtract(m.signature().s())));
        };
        List<Message> messages = List.of(changed, MESSAGES.get(1));
        Block block = TestBlocks.mine(GENESIS.header(), 6, T1, messages, MINER);
        assertThat(validate(block).rules()).as("field %d", field)
                .containsAnyOf(Rule.INVALID_MESSAGE_SIGNATURE, Rule.MALFORMED);
        Block stale = new Block(BLOCK_1.header(), messages);
        assertThat(validate(stale).rules()).contains(Rule.BAD_MERKLE_ROOT);
    }

    // ---- contextual rules ----

    @Test
    void timestampsMustBeAfterTheMedianAndNotFromTheFuture() {
        long drift = ConsensusLimits.MAX_FUTURE_DRIFT.toMillis();
        Block atTheEdge = TestBlocks.mine(GENESIS.header(), 6, NOW + drift, MESSAGES, MINER);
        assertThat(validate(atTheEdge).rules()).isEmpty();
        Block tooNew = TestBlocks.mine(GENESIS.header(), 6, NOW + drift + 1, MESSAGES, MINER);
        assertThat(validate(tooNew).rules()).containsExactly(Rule.TIMESTAMP_TOO_NEW);
        // a clock 2 hours ahead, which Bitcoin's bound would let through
        Block twoHoursAhead = TestBlocks.mine(GENESIS.header(), 6, NOW + Duration.ofHours(2).toMillis(), MESSAGES,
                MINER);
        assertThat(validate(twoHoursAhead).rules()).containsExactly(Rule.TIMESTAMP_TOO_NEW);
        assertThat(Rule.TIMESTAMP_TOO_NEW.isTimeDependent()).isTrue();
        assertThat(Rule.TIMESTAMP_TOO_NEW.isPolicy()).isFalse();
        assertThat(java.util.Arrays.stream(Rule.values()).filter(Rule::isTimeDependent))
                .containsExactly(Rule.TIMESTAMP_TOO_NEW);
        Block tooOld = TestBlocks.mine(GENESIS.header(), 6, Genesis.TIMESTAMP, List.of(), MINER);
        assertThat(validate(tooOld).rules()).containsExactly(Rule.TIMESTAMP_TOO_OLD);

        // median of the last 11: a chain of 11 blocks one second apart; the 12th must beat the 6th from the top
        InMemoryChain chain = new InMemoryChain(GENESIS);
        BlockHeader tip = GENESIS.header();
        for (int i = 1; i <= 11; i++) {
            Block block = TestBlocks.mine(tip, 6, Genesis.TIMESTAMP + i * 1000L, List.of(), MINER);
            chain.add(block);
            tip = block.header();
        }
        long median = Genesis.TIMESTAMP + 6 * 1000L;
        Block atMedian = TestBlocks.mine(tip, 6, median, List.of(), MINER);
        Block afterMedian = TestBlocks.mine(tip, 6, median + 1, List.of(), MINER);
        assertThat(validator.validate(atMedian, null, chain).rules()).containsExactly(Rule.TIMESTAMP_TOO_OLD);
        assertThat(validator.validate(afterMedian, null, chain).isValid()).isTrue();
    }

    @Test
    void messagesMayNotRepeatInTheBlockOrTheBranch() {
        Block twice = TestBlocks.mine(GENESIS.header(), 6, T1,
                List.of(MESSAGES.get(0), MESSAGES.get(0)), MINER);
        assertThat(validate(twice).rules()).containsExactly(Rule.DUPLICATE_MESSAGE);

        InMemoryChain chain = new InMemoryChain(GENESIS);
        chain.add(BLOCK_1);
        Block again = TestBlocks.mine(BLOCK_1.header(), 6, T1 + 1, List.of(MESSAGES.get(1)), MINER);
        assertThat(validator.validate(again, null, chain).rules()).containsExactly(Rule.DUPLICATE_MESSAGE);
        // on another branch (a sibling of block 1) the same message is fine
        Block sibling = TestBlocks.mine(GENESIS.header(), 6, T1 + 2, List.of(MESSAGES.get(1)), MINER);
        assertThat(validator.validate(sibling, null, chain).isValid()).isTrue();
    }

    @Test
    void oversizedBlocksAreRejected() {
        // the limits are the network's: a network of at most 3 messages and 8 KiB per block
        ChainParams small = new ChainParams(PARAMS.networkId(), PARAMS.initialDifficulty(), PARAMS.minDifficulty(),
                PARAMS.retargetInterval(), PARAMS.targetBlockTime(), 3, ConsensusLimits.MIN_BLOCK_BYTES);
        BlockValidator smallValidator = new BlockValidator(small, () -> NOW);
        Block genesis = Genesis.create(small);
        List<Message> many = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            many.add(Message.sign(ALICE, "r", "m" + i, T1 - 1));
        }
        assertThat(smallValidator.checkIntrinsic(TestBlocks.mine(genesis.header(), 6, T1, many.subList(0, 3), MINER),
                null)).isEmpty();
        assertThat(smallValidator.checkIntrinsic(TestBlocks.mine(genesis.header(), 6, T1, many, MINER), null))
                .extracting(Violation::rule).containsExactly(Rule.OVERSIZED);
        char[] text = new char[3_000];
        Arrays.fill(text, 'z');
        List<Message> wordy = List.of(Message.sign(ALICE, "r", new String(text), T1 - 1),
                Message.sign(ALICE, "s", new String(text), T1 - 1), Message.sign(ALICE, "t", new String(text), T1 - 1));
        assertThat(smallValidator.checkIntrinsic(TestBlocks.mine(genesis.header(), 6, T1, wordy, MINER), null))
                .extracting(Violation::rule).as("three messages, over 8 KiB").containsExactly(Rule.OVERSIZED);

        char[] content = new char[ConsensusLimits.MAX_CONTENT_BYTES];
        Arrays.fill(content, 'x');
        List<Message> big = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            big.add(Message.sign(ALICE, "r" + i, new String(content), T1 - 1));
        }
        Block heavy = TestBlocks.mine(GENESIS.header(), 6, T1, big, MINER);
        assertThat(heavy.encodedSize()).isGreaterThan(PARAMS.maxBlockBytes());
        assertThat(validate(heavy).rules()).containsExactly(Rule.OVERSIZED);

        Message oversizedContent = Message.sign(ALICE, "r", new String(content) + "y", T1 - 1);
        assertThat(MessageValidator.check(oversizedContent, NOW)).extracting(Violation::rule)
                .containsExactly(Rule.OVERSIZED);
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        BlockHeader h = BLOCK_1.header();
        BlockHeader bad = header(h, h.version(), 5, h.previousHash(), Hash.ZERO, h.timestamp(), 9, h.minerKey(),
                h.minerSignature(), h.nonce());
        assertThat(validator.validate(new Block(bad, BLOCK_1.messages()), BLOCK_1.hash(), new InMemoryChain(GENESIS))
                .rules()).contains(Rule.HEIGHT_MISMATCH, Rule.BAD_MERKLE_ROOT, Rule.BAD_DIFFICULTY,
                        Rule.INVALID_BLOCK_SIGNATURE, Rule.INVALID_HASH);
    }

    @Test
    void followingTheWrongBlockIsAFork() {
        Block sibling = TestBlocks.mine(GENESIS.header(), 6, T1 + 3, List.of(), MINER);
        Block child = TestBlocks.mine(sibling.header(), 6, T1 + 4, List.of(), MINER);
        assertThat(BlockValidator.checkFollows(BLOCK_1.header(), child.header())).extracting(Violation::rule)
                .containsExactly(Rule.PREV_HASH_MISMATCH);
        assertThat(BlockValidator.checkFollows(sibling.header(), child.header())).isEmpty();
    }

    @Test
    void futureMessagesAreRejected() {
        Message future = Message.sign(ALICE, "bob", "from the future", NOW + Duration.ofHours(3).toMillis());
        assertThat(MessageValidator.check(future, NOW + Duration.ofHours(2).toMillis())).extracting(Violation::rule)
                .containsExactly(Rule.TIMESTAMP_TOO_NEW);
        Message lonelySurrogate = Message.sign(ALICE, "bob", "broken \uD800 text", T1);
        assertThat(MessageValidator.check(lonelySurrogate, NOW)).extracting(Violation::rule).contains(Rule.MALFORMED);
        Message empty = Message.sign(ALICE, "", "no recipient", T1);
        assertThat(MessageValidator.check(empty, NOW)).extracting(Violation::rule).containsExactly(Rule.MALFORMED);
    }
}
