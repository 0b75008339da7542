package io.podchain.p2p;

import java.time.Duration;

/** Every limit of the peer protocol, with its reason (Bitcoin Core's net_processing is the reference). */
public final class P2pLimits {
    private P2pLimits() {
    }

    /**
     * The newest protocol version this release speaks; bumped on any incompatible change of the messages. Version 2:
     * both sides prove their node key in the handshake (HELLO carries a challenge, AUTH the proof). Version 3:
     * pending messages travel as INV / GET_MESSAGES / MESSAGES in batches instead of one MESSAGE frame each.
     * Version 4: the channel (membership, session keys, every frame authenticated) and version ranges.
     */
    public static final int PROTOCOL_VERSION = 4;

    /**
     * The oldest version this node speaks. Version 4 is the first in an encrypted, authenticated channel
     * ({@link SecureChannel}) and the first whose nodes say which range they speak: two nodes use the highest
     * version both speak, so a rolling upgrade (old and new pods at once) keeps one network.
     */
    public static final int MIN_PROTOCOL_VERSION = 4;

    /**
     * Bytes of a channel handshake message: an ephemeral key (32), the payload (the version range, 2) and a tag (16).
     * Anything larger before the channel is up is not a podchain node's: refused, the address penalised.
     */
    public static final int MAX_CHANNEL_HANDSHAKE_BYTES = 64;

    /**
     * Largest protocol message we process: one block of the 1 MB consensus maximum is 2 MB of hex, and a page of
     * blocks ({@link #MAX_PAGE_BYTES}) always fits its first block. Every peer, proven or not, can make the node hold
     * one message of this size while it arrives, so it is kept as small as the largest block allows. The WebSocket
     * layer accepts a little more ({@code quarkus.websockets-next.*.max-message-size}, 3.5 MiB) so that a message
     * between the two limits still gets a REJECT with a reason rather than a dropped connection. Its frame limit
     * ({@code max-frame-size}) is the same, so that every message is sent as a single frame: messages sent at once
     * from different threads can then never interleave their frames.
     */
    public static final int MAX_MESSAGE_CHARS = 3 * 1024 * 1024;

    /**
     * What the WebSocket layer accepts ({@code quarkus.websockets-next.*.max-message-size} and {@code max-frame-size}
     * say the same; a test holds them equal): a message above {@link #MAX_MESSAGE_CHARS} and up to this gets a
     * REJECT, a larger one closes the connection in the transport.
     */
    public static final int MAX_TRANSPORT_MESSAGE_CHARS = 3_670_016;

    /**
     * Before its proof a connection is an unknown host: its first two messages must be HELLO (~600 characters) and
     * AUTH (~150), so either of them longer than this is refused at once, on the event loop, before it is decoded or
     * queued.
     */
    public static final int MAX_HANDSHAKE_MESSAGE_CHARS = 2 * 1024;

    /**
     * Characters an unproven connection may have waiting: its HELLO and AUTH and one message of any size sent right
     * after them (an honest node may send before it knows we checked its proof; the message is handled after the
     * proof, or dropped with the connection).
     */
    public static final long MAX_UNPROVEN_INBOX_CHARS = MAX_TRANSPORT_MESSAGE_CHARS + 2L * MAX_HANDSHAKE_MESSAGE_CHARS;

    /** Characters of a REJECT's reason: ours are one sentence; a peer's longer reason is nothing we need to read. */
    public static final int MAX_REJECT_REASON_CHARS = 256;

    /** Bytes of hex block data one BLOCKS message carries at most, beyond its first block (which always goes). */
    public static final int MAX_PAGE_BYTES = 2 * 1024 * 1024;

    /** As Bitcoin's MAX_HEADERS_RESULTS: 2,000 headers (~760 KB of hex) per HEADERS message. */
    public static final int MAX_HEADERS_PER_MESSAGE = 2_000;

    /** As Bitcoin's MAX_LOCATOR_SZ: 10 single steps then doubling covers any chain shorter than 2^90 blocks. */
    public static final int MAX_LOCATOR_ENTRIES = 101;

    /** Blocks asked for or sent in one GET_BLOCKS / BLOCKS, the same bound as the REST page. */
    public static final int MAX_BLOCKS_PER_MESSAGE = 500;

    /**
     * Messages of one peer handled per second on average; beyond it they wait in the peer's inbox (bounded by
     * {@link #MAX_INBOX_MESSAGES} and {@link #MAX_INBOX_CHARS}) and are handled at this rate. A rate is a cost to
     * slow down, never a reason to ban: a partition that heals delivers everything TCP held at once, from honest
     * nodes.
     */
    public static final int RATE_LIMIT_PER_SECOND = 200;

    /** Bursts up to this many messages are handled at once (a sync answer, a relay storm after a reorganisation). */
    public static final int RATE_LIMIT_BURST = 1_000;

    /**
     * Messages waiting in one peer's inbox: ten seconds at {@link #RATE_LIMIT_PER_SECOND}. Small messages cost
     * memory by their number more than by their characters; beyond this the peer is disconnected (no penalty) and
     * may come back.
     */
    public static final int MAX_INBOX_MESSAGES = 2_000;

    /** Misbehaviour score at which a peer is banned (as Bitcoin's DISCOURAGEMENT_THRESHOLD). */
    public static final int BAN_THRESHOLD = 100;

    /**
     * A key not yet in the registry gets a row once it stays connected this long (or backs work, misbehaves or is
     * banned): a stranger's throwaway keys, one handshake each, write nothing, and an honest node that stays is known.
     */
    public static final Duration UNKNOWN_KEY_PROBATION = Duration.ofMinutes(1);

    /** Long enough to stop a faulty peer hammering us, short enough that a fixed pod comes back within the hour. */
    public static final Duration BAN_DURATION = Duration.ofMinutes(30);

    /**
     * A peer that has not proven its key (HELLO and AUTH) by then is not a podchain node: an honest handshake takes
     * milliseconds, and every unproven connection holds one of the {@link #MAX_UNPROVEN} slots while it waits.
     */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    /** How often round-trip times are measured. */
    public static final Duration PING_INTERVAL = Duration.ofSeconds(2);

    /**
     * A proven peer that leaves a PING unanswered this long is gone (a partition, a frozen process) or holding a
     * slot without taking part: it is disconnected without penalty. Seven pings' time, so that a long garbage
     * collection or a busy event loop is not mistaken for either. Dropping a partitioned connection early also means
     * that, when the network heals, the nodes redial afresh instead of receiving a minute of queued frames at once.
     */
    public static final Duration PING_TIMEOUT = Duration.ofSeconds(15);

    /**
     * While a peer's answers are unread (no room for another, {@code Peer.hasRoomForAnswer}), what it sent waits
     * unhandled, as Bitcoin Core stops processing a peer whose send buffer is full: its next answer is built once it
     * has read the last, so a syncing peer that asks ahead is paced, not cut off. One that reads nothing for this
     * long is disconnected without penalty (a slow link reads something in this time; a stalled one is gone).
     */
    public static final Duration NOT_READING_TIMEOUT = Duration.ofSeconds(10);

    /** How often a paused inbox looks whether its peer has read enough for the next answer. */
    public static final Duration PAUSED_INBOX_POLL = Duration.ofMillis(10);

    /**
     * After we send a close frame, the TCP connection is closed this long later whatever the peer does: a peer that
     * does not read would otherwise keep the connection, and everything queued for it, until the close frame got
     * through behind the data it does not read.
     */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    /** How often each peer is told our tip and our latencies (STATUS). */
    public static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

    /** Weight of the newest round trip in the moving average: recent enough to follow a moved pod, smooth enough to ignore one slow answer. */
    public static final double RTT_EWMA_WEIGHT = 0.3;

    /** Block hashes and message ids remembered as already seen, so each is relayed once. */
    public static final int SEEN_CACHE_SIZE = 20_000;

    /**
     * Message ids remembered as announced or fetched, so each is fetched once: a minute of messages at the highest
     * measured rate (1,000/s and more), since an id forgotten while its message is still gossiped is fetched again.
     */
    public static final int SEEN_MESSAGES_SIZE = 65_536;

    /**
     * Newly admitted messages are announced together once this long after the first of them: at most 40 INV frames
     * per second to each peer whatever the rate (each may cause a GET_MESSAGES and a MESSAGES), well within
     * {@link #RATE_LIMIT_PER_SECOND}, at a cost of milliseconds against a confirmation time of seconds.
     */
    public static final Duration ANNOUNCE_INTERVAL = Duration.ofMillis(25);

    /**
     * Ids in one INV (Bitcoin allows 50,000): ~330 KB of JSON; more than a node admits in the
     * {@link #ANNOUNCE_INTERVAL} at any rate it can sustain, so a longer list is never honest.
     */
    public static final int MAX_INV_ENTRIES = 5_000;

    /**
     * Messages asked for or sent in one GET_MESSAGES / MESSAGES: 300 at the 4 KiB maximum are ~2.7 MB of hex, within
     * {@link #MAX_MESSAGE_CHARS}.
     */
    public static final int MAX_MESSAGES_PER_REQUEST = 300;

    /**
     * GET_MESSAGES sent to one peer and not yet answered: a full INV needs ten. Ids announced beyond that are
     * fetched from the next peer that announces them (or come in a block).
     */
    public static final int MAX_MESSAGE_REQUESTS_IN_FLIGHT = 16;

    /**
     * A GET_MESSAGES is answered within milliseconds; ids asked this long ago and not delivered are asked of the next
     * peer that announces them (the request stays open for a late answer).
     */
    public static final Duration MESSAGE_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** Messages we admitted kept in memory to answer GET_MESSAGES without the database: seconds of the highest rate. */
    public static final int RECENT_MESSAGES = 20_000;

    /**
     * Side-branch blocks one peer may have stored above the final height. An honest peer sends one when it lost a
     * race, rarely two in a row; a member with hash power could otherwise fill the node's whole side-branch bound
     * ({@code podchain.chain.max-side-branch-blocks}) alone. Beyond it such blocks are not stored (a policy, no
     * penalty: the blocks are valid); they count again once buried below the finality depth.
     */
    public static final int MAX_SIDE_BRANCH_BLOCKS_PER_PEER = 8;

    /** A sync with more connected blocks than this announces only its new tip, not every block. */
    public static final int MAX_BLOCKS_RELAYED_PER_TIP_CHANGE = 8;

    /**
     * Decimal digits of a cumulative work in HELLO and STATUS: the chain's work is stored as {@code numeric(80)}
     * (2^256, the work of one block at the highest difficulty, has 78 digits), so a longer claim is no work any node
     * can hold. Checked before parsing, since parsing a number of n digits costs n^2.
     */
    public static final int MAX_WORK_DIGITS = 80;

    /** Entries of a STATUS latency map: one per peer of the sender, and no node keeps more connections than this. */
    public static final int MAX_STATUS_LATENCIES = 64;

    /**
     * Characters of received messages waiting to be handled for one peer: two of the largest messages (a page of
     * blocks) and change. Sync asks for one page at a time, so an honest peer never gets near; a peer that sends
     * faster than we handle is disconnected (FLOODING) instead of growing our memory.
     */
    public static final long MAX_INBOX_CHARS = 2L * MAX_MESSAGE_CHARS + 1024 * 1024;

    /**
     * Characters waiting to be handled for all peers together: what every peer's own bound would allow at once
     * (40 peers × 7 MiB) is more than a pod's heap, so beyond this the peer whose message arrives is disconnected
     * (FLOODING, without penalty: it may be an honest peer in a busy moment) and comes back later.
     */
    public static final long MAX_NODE_INBOX_CHARS = 64L * 1024 * 1024;

    /**
     * Characters sent to one peer and not yet written to its socket: two of the largest messages. A peer that asks
     * and does not read is disconnected (its queue released at once) instead of buffered for.
     */
    public static final long MAX_OUTBOUND_CHARS = 2L * MAX_MESSAGE_CHARS;

    /**
     * Characters queued to all peers together. An answer (HEADERS, BLOCKS, MESSAGES) is built only while this has
     * room for the largest message, otherwise the asker is disconnected without penalty and asks again later;
     * gossip (a block, an INV, STATUS) to a peer beyond it is skipped (the peer learns it from the next STATUS).
     */
    public static final long MAX_NODE_OUTBOUND_CHARS = 64L * 1024 * 1024;

    /**
     * Inbound connections from one IP address at once. A pod has one IP and keeps one connection to each peer (two
     * for a moment while a simultaneous dial is resolved); more from one address is one host taking our slots.
     */
    public static final int MAX_INBOUND_PER_IP = 4;

    /**
     * Inbound connections from one IP address that have not proven a key yet: one handshake at a time, and one more
     * while a simultaneous dial is resolved. Refused before the WebSocket upgrade (HTTP 429), so they never count.
     */
    public static final int MAX_UNPROVEN_PER_IP = 2;

    /**
     * Inbound connections not yet proven, from all addresses. An honest handshake takes milliseconds; when the table
     * is full, a newcomer takes the slot of the oldest unproven connection from the address that holds the most, so
     * that many addresses that never finish their handshake cannot lock joining nodes out.
     */
    public static final int MAX_UNPROVEN = 16;

    /**
     * IP addresses whose misbehaviour before a proven handshake is remembered. Beyond this the oldest entry is
     * forgotten: an attacker with many addresses could otherwise grow the table without bound.
     */
    public static final int MAX_TRACKED_IPS = 4_096;

    /** Blocks read first while serving GET_BLOCKS; later chunks follow the page byte budget (ChainServer). */
    public static final int SERVE_CHUNK_BLOCKS = 25;

    /**
     * A dial that has no TCP connection by then has failed: a pod of the cluster answers within milliseconds, and a
     * dial left to the 60 s default across a partition that has healed meanwhile kept the peers apart that long.
     */
    public static final Duration DIAL_CONNECT_TIMEOUT = Duration.ofSeconds(3);
}
