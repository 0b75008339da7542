-- The peer registry: every address this node has known, with what it measured. Our own list only: a peer's
-- list of peers never replaces it (the original's eclipse bug).
create table peer (
    address          text        primary key,           -- host:port as dialled or as advertised
    node_key         char(66),
    direction        text        not null check (direction in ('INBOUND', 'OUTBOUND')),
    status           text        not null check (status in ('ONLINE', 'OFFLINE', 'BANNED')),
    rtt_millis       double precision,                   -- EWMA of PING/PONG round trips
    height           bigint,
    cumulative_work  numeric(80),
    tip_hash         char(64),
    misbehaviour     integer     not null default 0,
    banned_until     timestamptz,
    last_changed     timestamptz not null default now(),
    last_seen        timestamptz
);
create index peer_node_key on peer (node_key);
