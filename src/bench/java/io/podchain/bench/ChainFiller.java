package io.podchain.bench;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ChainWork;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.node.EmbeddedDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Writes main-chain blocks straight into a stopped node's PostgreSQL, so benchmarks can start at a height that
 * would take hours to mine. The blocks come from a function of the parent header.
 */
final class ChainFiller {
    private static final int BATCH = 1_000;

    private ChainFiller() {
    }

    static void fill(Path dataDir, long height, java.util.function.Function<BlockHeader, Block> next)
            throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0);
                Connection db = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "")) {
            db.setAutoCommit(false);
            ResultSet tip = db.createStatement().executeQuery("select b.hash, b.cumulative_work from chain_state s"
                    + " join block b on b.hash = s.tip_hash");
            tip.next();
            Hash tipHash = Hash.fromHex(tip.getString(1));
            BigInteger work = tip.getBigDecimal(2).toBigInteger();
            BlockHeader parent = header(db, tipHash);
            try (PreparedStatement blocks = db.prepareStatement("insert into block (hash, previous_hash, height,"
                    + " version, merkle_root, block_timestamp, difficulty, miner_key, miner_signature, nonce,"
                    + " cumulative_work, main_chain) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)");
                    PreparedStatement messages = db.prepareStatement("insert into message (id, sender, recipient,"
                            + " content, created_at, signature) values (?, ?, ?, ?, ?, ?)");
                    PreparedStatement links = db.prepareStatement("insert into block_message (block_hash, position,"
                            + " message_id) values (?, ?, ?)")) {
                for (long h = parent.height() + 1; h <= height; h++) {
                    Block block = next.apply(parent);
                    BlockHeader header = block.header();
                    work = ChainWork.cumulative(work, header.difficulty());
                    blocks.setString(1, header.hash().toHex());
                    blocks.setString(2, header.previousHash().toHex());
                    blocks.setLong(3, header.height());
                    blocks.setInt(4, header.version());
                    blocks.setString(5, header.merkleRoot().toHex());
                    blocks.setLong(6, header.timestamp());
                    blocks.setInt(7, header.difficulty());
                    blocks.setString(8, header.minerKey().toHex());
                    blocks.setString(9, header.minerSignature().toHex());
                    blocks.setLong(10, header.nonce());
                    blocks.setBigDecimal(11, new BigDecimal(work));
                    blocks.addBatch();
                    for (int i = 0; i < block.messages().size(); i++) {
                        Message m = block.messages().get(i);
                        messages.setString(1, m.id().toHex());
                        messages.setString(2, m.sender().toHex());
                        messages.setString(3, m.recipient());
                        messages.setString(4, m.content());
                        messages.setLong(5, m.createdAt());
                        messages.setString(6, m.signature().toHex());
                        messages.addBatch();
                        links.setString(1, header.hash().toHex());
                        links.setInt(2, i);
                        links.setString(3, m.id().toHex());
                        links.addBatch();
                    }
                    parent = header;
                    if (h % BATCH == 0) {
                        blocks.executeBatch();
                        messages.executeBatch();
                        links.executeBatch();
                    }
                }
                blocks.executeBatch();
                messages.executeBatch();
                links.executeBatch();
            }
            try (PreparedStatement state = db.prepareStatement("update chain_state set tip_hash = ?")) {
                state.setString(1, parent.hash().toHex());
                state.executeUpdate();
            }
            db.commit();
            db.setAutoCommit(true);
            db.createStatement().execute("vacuum analyze");
        }
    }

    private static BlockHeader header(Connection db, Hash hash) throws Exception {
        try (PreparedStatement query = db.prepareStatement("select version, height, previous_hash, merkle_root,"
                + " block_timestamp, difficulty, miner_key, miner_signature, nonce from block where hash = ?")) {
            query.setString(1, hash.toHex());
            ResultSet r = query.executeQuery();
            r.next();
            return new BlockHeader(r.getInt(1), r.getLong(2), Hash.fromHex(r.getString(3)),
                    Hash.fromHex(r.getString(4)), r.getLong(5), r.getInt(6),
                    io.podchain.chain.PublicKey.fromHex(r.getString(7)),
                    io.podchain.chain.Signature.fromHex(r.getString(8)), r.getLong(9));
        }
    }
}
