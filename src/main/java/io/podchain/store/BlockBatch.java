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
 * Writes a run of main-chain blocks with their messages as three JDBC batches (blocks, messages, links) inside the
 * caller's transaction: a statement per row costs a round trip to PostgreSQL each, a batch costs a few per page.
 */
final class BlockBatch {
    private BlockBatch() {
    }

    /** @param cumulativeWork the cumulative work of each block, in the same order */
    static void insertMainChain(EntityManager em, List<Block> blocks, List<BigInteger> cumulativeWork) {
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement block = connection.prepareStatement("insert into block (hash, previous_hash,"
                    + " height, version, merkle_root, block_timestamp, difficulty, miner_key, miner_signature, nonce,"
                    + " cumulative_work, main_chain) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)");
                 PreparedStatement message = connection.prepareStatement("insert into message (id, sender,"
                         + " recipient, content, created_at, signature) values (?, ?, ?, ?, ?, ?)"
                         + " on conflict (id) do nothing");
                 PreparedStatement link = connection.prepareStatement("insert into block_message (block_hash,"
                         + " position, message_id) values (?, ?, ?)")) {
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
                    List<Message> contained = blocks.get(i).messages();
                    for (int position = 0; position < contained.size(); position++) {
                        Message m = contained.get(position);
                        message.setString(1, m.id().toHex());
                        message.setString(2, m.sender().toHex());
                        message.setString(3, m.recipient());
                        message.setString(4, m.content());
                        message.setLong(5, m.createdAt());
                        message.setString(6, m.signature().toHex());
                        message.addBatch();
                        link.setString(1, hash);
                        link.setInt(2, position);
                        link.setString(3, m.id().toHex());
                        link.addBatch();
                        messages++;
                    }
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
