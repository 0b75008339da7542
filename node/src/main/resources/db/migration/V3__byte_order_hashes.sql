-- Hashes, keys and signatures are hex text: compare them byte by byte. Under the database's default collation
-- (en_US.utf8 in the official postgres image) every index comparison of these columns (a dozen per row inserted,
-- one per probe) went through the C library's locale-aware strcoll; with "C" it is a memcmp, and hex sorts as
-- its bytes do. Rebuilds the indexes on these columns; rewrites no rows.
alter table block
    alter column hash type char(64) collate "C",
    alter column previous_hash type char(64) collate "C",
    alter column merkle_root type char(64) collate "C",
    alter column miner_key type char(66) collate "C",
    alter column miner_signature type char(128) collate "C";
alter table message
    alter column id type char(64) collate "C",
    alter column sender type char(66) collate "C",
    alter column signature type char(128) collate "C";
alter table block_message
    alter column block_hash type char(64) collate "C",
    alter column message_id type char(64) collate "C";
alter table pending_message
    alter column message_id type char(64) collate "C";
alter table chain_state
    alter column genesis_hash type char(64) collate "C",
    alter column tip_hash type char(64) collate "C";
