package io.podchain.store;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Message;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.util.List;
import org.hibernate.Session;

/**
 * Writes blocks' messages and links (and a run of main-chain blocks) as JDBC batches inside the caller's
 * transaction: a statement per row costs a round trip to PostgreSQL each, a batch costs a few per page.
 */
final class BlockBatch {
    private BlockBatch() {
    }

    /**
     * Writes a stored block's messages (those not yet known) and its links to them as two JDBC batches: a block
     * of thousands of messages is a few round trips instead of two per message under the chain lock.
     */
    static void insertMessages(EntityManager em, Block block) {
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement message = connection.prepareStatement(INSERT_MESSAGE);
                 PreparedStatement link = connection.prepareStatement(INSERT_LINK)) {
                addMessages(message, link, block.hash().toHex(), block.messages());
                message.executeBatch();
                link.executeBatch();
            }
        });
    }

    private static final String INSERT_MESSAGE = "insert into message (id, sender, recipient, content, created_at,"
            + " signature) values (?, ?, ?, ?, ?, ?) on conflict (id) do nothing";
    private static final String INSERT_LINK = "insert into block_message (block_hash, position, message_id)"
            + " values (?, ?, ?)";

    private static void addMessages(PreparedStatement message, PreparedStatement link, String blockHash,
            List<Message> contained) throws java.sql.SQLException {
        for (int position = 0; position < contained.size(); position++) {
            Message m = contained.get(position);
            message.setString(1, m.id().toHex());
            message.setString(2, m.sender().toHex());
            message.setString(3, m.recipient());
            message.setString(4, m.content());
            message.setLong(5, m.createdAt());
            message.setString(6, m.signature().toHex());
            message.addBatch();
            link.setString(1, blockHash);
            link.setInt(2, position);
            link.setString(3, m.id().toHex());
            link.addBatch();
        }
    }

    /** @param cumulativeWork the cumulative work of each block, in the same order */
    static void insertMainChain(EntityManager em, List<Block> blocks, List<BigInteger> cumulativeWork) {
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement block = connection.prepareStatement("insert into block (hash, previous_hash,"
                    + " height, version, merkle_root, block_timestamp, difficulty, miner_key, miner_signature, nonce,"
                    + " cumulative_work, main_chain) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)");
                 PreparedStatement message = connection.prepareStatement(INSERT_MESSAGE);
                 PreparedStatement link = connection.prepareStatement(INSERT_LINK)) {
                int messages = 0;
                for (int i = 0; i < blocks.size(); i++) {
                    BlockHeader header = blocks.get(i).header();
                    String hash = header.hash().toHex();
                    block.setString(1, hash);
                    block.setString(2, header.previousHash().toHex());
                    block.setLong(3, header.height());
                    block.setInt(4, header.version());
                    block.setString(5, header.merkleRoot().toHex());
                    block.setLong(6, header.timestamp());
                    block.setInt(7, header.difficulty());
                    block.setString(8, header.minerKey().toHex());
                    block.setString(9, header.minerSignature().toHex());
                    block.setLong(10, header.nonce());
                    block.setBigDecimal(11, new BigDecimal(cumulativeWork.get(i)));
                    block.addBatch();
                    addMessages(message, link, hash, blocks.get(i).messages());
                    messages += blocks.get(i).messages().size();
                }
                block.executeBatch();
                if (messages > 0) {
                    message.executeBatch();
                    link.executeBatch();
                }
            }
        });
    }
}
