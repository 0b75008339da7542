-- podchain schema, version 1. Hashes, keys and signatures are lower-case hex text (the form every API shows).
-- Every lookup the node makes on a hot path has an index, so tip lookup, lookup by hash or height and append
-- cost the same at height 100,000 as at 1,000.

create table block (
    hash            char(64)     primary key,
    previous_hash   char(64)     not null,
    height          bigint       not null check (height >= 0),
    version         integer      not null,
    merkle_root     char(64)     not null,
    block_timestamp bigint       not null,
    difficulty      smallint     not null check (difficulty between 0 and 255),
    miner_key       char(66)     not null,
    miner_signature char(128)    not null,
    nonce           bigint       not null,
    cumulative_work numeric(80)  not null,
    main_chain      boolean      not null default false,
    received_at     timestamptz  not null default now()
);
-- At most one main-chain block per height; also the index for "main-chain block at height h" and paging.
create unique index block_main_chain_height on block (height) where main_chain;
-- Children of a block (side branches, sync).
create index block_previous_hash on block (previous_hash);

create table message (
    id          char(64)    primary key,
    sender      char(66)    not null,
    recipient   text        not null,
    content     text        not null,
    created_at  bigint      not null,
    signature   char(128)   not null,
    first_seen  timestamptz not null default now()
);
-- History of a party, newest first.
create index message_sender_created on message (sender, created_at desc);
create index message_recipient_created on message (recipient, created_at desc);

create table block_message (
    block_hash  char(64) not null references block (hash),
    position    integer  not null check (position >= 0),
    message_id  char(64) not null references message (id),
    primary key (block_hash, position)
);
-- Which blocks hold a message (confirmation, duplicate checks).
create index block_message_message_id on block_message (message_id);

-- Messages waiting to be mined, in arrival order.
create table pending_message (
    message_id  char(64) primary key references message (id),
    queued_seq  bigint   generated always as identity
);
create index pending_message_queued on pending_message (queued_seq);

-- The single row that names the best chain's tip; locking it serialises every change of the chain.
create table chain_state (
    id            smallint primary key check (id = 1),
    network_id    text     not null,
    genesis_hash  char(64) not null references block (hash),
    tip_hash      char(64) not null references block (hash)
);

-- The node's identity mnemonic when it was generated here rather than configured.
create table node_identity (
    id         smallint    primary key check (id = 1),
    mnemonic   text        not null,
    created_at timestamptz not null default now()
);
