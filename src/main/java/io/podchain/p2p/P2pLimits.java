package io.podchain.p2p;

import java.time.Duration;

/** Every limit of the peer protocol, with its reason (Bitcoin Core's net_processing is the reference). */
public final class P2pLimits {
    private P2pLimits() {
    }

    /**
     * Bumped on any incompatible change of the messages; a peer speaking another version is rejected. Version 2:
     * both sides prove their node key in the handshake (HELLO carries a challenge, AUTH the proof). Version 3:
     * pending messages travel as INV / GET_MESSAGES / MESSAGES in batches instead of one MESSAGE frame each.
     */
    public static final int PROTOCOL_VERSION = 3;

    /**
     * Largest protocol message we process: a page of blocks in hex is up to {@link #MAX_PAGE_BYTES} plus its
     * envelope. The WebSocket layer accepts a little more ({@code quarkus.websockets-next.*.max-message-size},
     * 10 MiB) so that a message between the two limits still gets a REJECT with a reason rather than a dropped
     * connection. Its frame limit ({@code max-frame-size}) is the same, so that every message is sent as a single
     * frame: messages sent at once from different threads can then never interleave their frames.
     */
    public static final int MAX_MESSAGE_CHARS = 9 * 1024 * 1024;

    /** Bytes of hex block data one BLOCKS message carries at most: four blocks of the 1 MB maximum fit. */
    public static final int MAX_PAGE_BYTES = 8 * 1024 * 1024;

    /** As Bitcoin's MAX_HEADERS_RESULTS: 2,000 headers (~760 KB of hex) per HEADERS message. */
    public static final int MAX_HEADERS_PER_MESSAGE = 2_000;

    /** As Bitcoin's MAX_LOCATOR_SZ: 10 single steps then doubling covers any chain shorter than 2^90 blocks. */
    public static final int MAX_LOCATOR_ENTRIES = 101;

    /** Blocks asked for or sent in one GET_BLOCKS / BLOCKS, the same bound as the REST page. */
    public static final int MAX_BLOCKS_PER_MESSAGE = 500;

    /** A peer that sends more than this many messages per second on average is flooding. */
    public static final int RATE_LIMIT_PER_SECOND = 200;

    /** Bursts up to this many messages are fine (a sync answer, a relay storm after a reorganisation). */
    public static final int RATE_LIMIT_BURST = 1_000;

    /** Misbehaviour score at which a peer is banned (as Bitcoin's DISCOURAGEMENT_THRESHOLD). */
    public static final int BAN_THRESHOLD = 100;

    /** Long enough to stop a faulty peer hammering us, short enough that a fixed pod comes back within the hour. */
    public static final Duration BAN_DURATION = Duration.ofMinutes(30);

    /** A peer that has not proven its key (HELLO and AUTH) by then is not a podchain node. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** How often round-trip times are measured. */
    public static final Duration PING_INTERVAL = Duration.ofSeconds(2);

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

    /** Messages asked for or sent in one GET_MESSAGES / MESSAGES: 500 at the 4 KiB maximum are ~4.4 MB of hex. */
    public static final int MAX_MESSAGES_PER_REQUEST = 500;

    /**
     * GET_MESSAGES sent to one peer and not yet answered: a full INV needs ten. Ids announced beyond that are
     * fetched from the next peer that announces them (or come in a block).
     */
    public static final int MAX_MESSAGE_REQUESTS_IN_FLIGHT = 16;

    /** Messages we admitted kept in memory to answer GET_MESSAGES without the database: seconds of the highest rate. */
    public static final int RECENT_MESSAGES = 20_000;

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
     * faster than we handle is penalised instead of growing our memory.
     */
    public static final long MAX_INBOX_CHARS = 2L * MAX_MESSAGE_CHARS + 1024 * 1024;

    /**
     * Characters sent to one peer and not yet written to its socket: a few pages. A peer that asks and does not read
     * is disconnected instead of buffered for until the pod runs out of memory.
     */
    public static final long MAX_OUTBOUND_CHARS = 4L * MAX_MESSAGE_CHARS;

    /**
     * Inbound connections from one IP address at once. A pod has one IP and keeps one connection to each peer (two
     * for a moment while a simultaneous dial is resolved); more from one address is one host taking our slots.
     */
    public static final int MAX_INBOUND_PER_IP = 4;

    /**
     * IP addresses whose misbehaviour before a proven handshake is remembered. Beyond this the oldest entry is
     * forgotten: an attacker with many addresses could otherwise grow the table without bound.
     */
    public static final int MAX_TRACKED_IPS = 4_096;

    /** Blocks read first while serving GET_BLOCKS; later chunks follow the page byte budget (ChainServer). */
    public static final int SERVE_CHUNK_BLOCKS = 25;
}
