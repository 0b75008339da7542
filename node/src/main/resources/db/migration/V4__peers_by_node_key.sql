-- Protocol v2: a peer is a node key it has proven in the handshake, not an address it claims. The registry, its
-- misbehaviour and its bans are keyed by that key, so a reconnect from another address does not reset them and
-- nobody can get another node's address banned by claiming it. Rows of the old registry were keyed by claimed
-- addresses and are not carried over: the registry refills as nodes connect.
drop table peer;
create table peer (
    node_key         char(66) collate "C" primary key,  -- compressed secp256k1 key, proven in the handshake
    address          text        not null,               -- as dialled, or the connection's IP with the listening port
    direction        text        not null check (direction in ('INBOUND', 'OUTBOUND')),
    status           text        not null check (status in ('ONLINE', 'OFFLINE', 'BANNED')),
    rtt_millis       double precision,                   -- EWMA of PING/PONG round trips
    claimed_height   bigint,                             -- what the peer says (HELLO, STATUS): a hint
    claimed_work     numeric(80),
    verified_height  bigint,                             -- what this node checked (headers, stored blocks)
    verified_work    numeric(80),
    misbehaviour     integer     not null default 0,
    banned_until     timestamptz,
    last_changed     timestamptz not null default now(),
    last_seen        timestamptz not null
);
-- Pruning the registry removes the longest-unseen rows first.
create index peer_last_seen on peer (last_seen);
