package io.podchain.chain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Decides whether a block is valid. {@link #checkIntrinsic} needs nothing but the block and the clock (run it
 * before taking any lock); {@link #checkContext} needs the branch the block joins. Every broken rule is reported,
 * not just the first.
 */
public final class BlockValidator {
    private final ChainParams params;
    private final LongSupplier clock;
    private final VerifiedSignatures verified;

    /** @param clock UTC milliseconds now */
    public BlockValidator(ChainParams params, LongSupplier clock) {
        this(params, clock, VerifiedSignatures.NONE);
    }

    /** @param verified messages whose signatures need no second verification (the pool checked them) */
    public BlockValidator(ChainParams params, LongSupplier clock, VerifiedSignatures verified) {
        this.params = params;
        this.clock = clock;
        this.verified = verified;
    }

    public ChainParams params() {
        return params;
    }

    /** Both intrinsic and contextual checks. {@code declaredHash} is the hash the sender claimed, or null. */
    public ValidationResult validate(Block block, Hash declaredHash, ChainContext context) {
        List<Violation> violations = checkIntrinsic(block, declaredHash);
        violations.addAll(checkContext(block, context));
        return new ValidationResult(violations);
    }

    public List<Violation> checkIntrinsic(Block block, Hash declaredHash) {
        List<Violation> violations = new ArrayList<>();
        BlockHeader header = block.header();
        if (header.version() != ConsensusLimits.BLOCK_VERSION) {
            violations.add(new Violation(Rule.MALFORMED, "unknown block version " + header.version()));
        }
        if (header.height() == 0) {
            violations.add(new Violation(Rule.HEIGHT_MISMATCH, "only the genesis block has height 0"));
        }
        if (declaredHash != null && !declaredHash.equals(header.hash())) {
            violations.add(new Violation(Rule.INVALID_HASH, "declared " + declaredHash + " but the header hashes to "
                    + header.hash()));
        }
        if (!ProofOfWork.meets(header.hash(), header.difficulty())) {
            violations.add(new Violation(Rule.INSUFFICIENT_WORK, "hash has " + ProofOfWork.leadingZeroBits(header.hash())
                    + " leading zero bits, difficulty " + header.difficulty()));
        }
        if (header.difficulty() < params.minDifficulty()) {
            violations.add(new Violation(Rule.BAD_DIFFICULTY, "difficulty " + header.difficulty()
                    + " is below the network minimum " + params.minDifficulty()));
        }
        switch (Secp256k1.check(header.minerKey(), header.signingDigest(), header.minerSignature())) {
            case KEY_NOT_ON_CURVE -> violations.add(new Violation(Rule.MALFORMED, "miner key is not a secp256k1 point"));
            case HIGH_S -> violations.add(new Violation(Rule.INVALID_BLOCK_SIGNATURE, "miner signature is high-S"));
            case INVALID -> violations.add(new Violation(Rule.INVALID_BLOCK_SIGNATURE, "miner signature does not verify"));
            case VALID -> {
            }
        }
        long latestAllowed = clock.getAsLong() + ConsensusLimits.MAX_FUTURE_DRIFT.toMillis();
        if (header.timestamp() > latestAllowed) {
            violations.add(new Violation(Rule.TIMESTAMP_TOO_NEW, "timestamp " + header.timestamp() + " is more than "
                    + ConsensusLimits.MAX_FUTURE_DRIFT + " ahead of this node's clock"));
        }
        checkSize(block, violations);
        if (!block.computeMerkleRoot().equals(header.merkleRoot())) {
            violations.add(new Violation(Rule.BAD_MERKLE_ROOT, "header commits to " + header.merkleRoot()
                    + ", messages hash to " + block.computeMerkleRoot()));
        }
        Set<Hash> seen = new HashSet<>();
        long messageDeadline = Math.min(latestAllowed, header.timestamp() + ConsensusLimits.MAX_FUTURE_DRIFT.toMillis());
        for (Message message : block.messages()) {
            if (!seen.add(message.id())) {
                violations.add(new Violation(Rule.DUPLICATE_MESSAGE, "message " + message.id() + " twice in the block"));
            }
            violations.addAll(MessageValidator.check(message, messageDeadline, verified));
        }
        return violations;
    }

    private void checkSize(Block block, List<Violation> violations) {
        if (block.messages().size() > params.maxBlockMessages()) {
            violations.add(new Violation(Rule.OVERSIZED, block.messages().size() + " messages, limit "
                    + params.maxBlockMessages()));
        }
        if (block.encodedSize() > params.maxBlockBytes()) {
            violations.add(new Violation(Rule.OVERSIZED, block.encodedSize() + " bytes, limit "
                    + params.maxBlockBytes()));
        }
    }

    public List<Violation> checkContext(Block block, ChainContext context) {
        BlockHeader header = block.header();
        Optional<BlockHeader> parent = context.header(header.previousHash());
        if (parent.isEmpty()) {
            return new ArrayList<>(List.of(new Violation(Rule.UNKNOWN_PARENT, "parent " + header.previousHash()
                    + " is not known")));
        }
        List<Violation> violations = checkFollows(parent.get(), header);
        checkPlacement(parent.get(), header, context, violations);
        List<Hash> ids = block.messages().stream().map(Message::id).toList();
        if (!ids.isEmpty()) {
            for (Hash duplicate : context.alreadyInBranch(parent.get().hash(), ids)) {
                violations.add(new Violation(Rule.DUPLICATE_MESSAGE, "message " + duplicate
                        + " is already in this branch"));
            }
        }
        return violations;
    }

    /** The difficulty and the earliest timestamp the branch requires of a child of {@code parent}. */
    private void checkPlacement(BlockHeader parent, BlockHeader header, ChainContext context,
            List<Violation> violations) {
        int expected = expectedDifficulty(parent, context);
        if (header.difficulty() != expected) {
            violations.add(new Violation(Rule.BAD_DIFFICULTY, "difficulty " + header.difficulty() + ", expected "
                    + expected + " at height " + header.height()));
        }
        long earliest = earliestTimestamp(parent, context);
        if (header.timestamp() < earliest) {
            violations.add(new Violation(Rule.TIMESTAMP_TOO_OLD, "timestamp " + header.timestamp()
                    + " is not after the median time past " + (earliest - 1)));
        }
    }

    /**
     * What a header alone can prove before its block is fetched: it follows {@code parent}, carries the difficulty
     * the branch requires and a hash that meets it, and a timestamp within the rules. This is what makes a peer's
     * claimed work count (headers-first sync); signatures and messages are checked when the block arrives.
     */
    public List<Violation> checkHeader(BlockHeader parent, BlockHeader header, ChainContext context) {
        List<Violation> violations = checkFollows(parent, header);
        if (!ProofOfWork.meets(header.hash(), header.difficulty())) {
            violations.add(new Violation(Rule.INSUFFICIENT_WORK, "hash has " + ProofOfWork.leadingZeroBits(header.hash())
                    + " leading zero bits, difficulty " + header.difficulty()));
        }
        checkPlacement(parent, header, context, violations);
        if (header.timestamp() > clock.getAsLong() + ConsensusLimits.MAX_FUTURE_DRIFT.toMillis()) {
            violations.add(new Violation(Rule.TIMESTAMP_TOO_NEW, "timestamp " + header.timestamp() + " is more than "
                    + ConsensusLimits.MAX_FUTURE_DRIFT + " ahead of this node's clock"));
        }
        return violations;
    }

    /** The rules that tie a header to the block it claims to follow. */
    public static List<Violation> checkFollows(BlockHeader parent, BlockHeader child) {
        List<Violation> violations = new ArrayList<>();
        if (!child.previousHash().equals(parent.hash())) {
            violations.add(new Violation(Rule.PREV_HASH_MISMATCH, "builds on " + child.previousHash()
                    + ", not on " + parent.hash()));
        }
        if (child.height() != parent.height() + 1) {
            violations.add(new Violation(Rule.HEIGHT_MISMATCH, "height " + child.height() + " after parent height "
                    + parent.height()));
        }
        return violations;
    }

    /** The difficulty a child of {@code parent} must carry. */
    public int expectedDifficulty(BlockHeader parent, ChainContext context) {
        long height = parent.height() + 1;
        long windowStart = DifficultyRetarget.isRetargetHeight(params, height)
                ? context.timestampAt(parent.hash(), DifficultyRetarget.windowStartHeight(params, height))
                : 0;
        return DifficultyRetarget.expectedDifficulty(params, parent, windowStart);
    }

    /** The smallest timestamp a child of {@code parent} may carry: one past the median time past. */
    public long earliestTimestamp(BlockHeader parent, ChainContext context) {
        return medianTimePast(context.recentTimestamps(parent.hash(), ConsensusLimits.MEDIAN_TIME_SPAN)) + 1;
    }

    /** The median of the given timestamps (the upper middle one for an even count). */
    public static long medianTimePast(List<Long> timestamps) {
        if (timestamps.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long[] sorted = timestamps.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
