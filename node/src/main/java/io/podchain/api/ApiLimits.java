package io.podchain.api;

import java.time.Duration;

/**
 * Every limit of the REST API, with its reason (as {@code P2pLimits} for the peer protocol); docs/security.md
 * tables them with what happens beyond each. Configured ones: each client address's share of requests
 * ({@code podchain.api.client-*}, {@link ClientLimits}), connections ({@code quarkus.http.limits.max-connections}),
 * the idle timeout ({@code quarkus.http.idle-timeout}) and a request's body ({@code quarkus.http.limits.max-body-size}).
 */
public final class ApiLimits {
    private ApiLimits() {
    }

    /**
     * API reads of the database at once (one SmallRye Fault Tolerance bulkhead, {@link ApiGuard}): twelve of the
     * pool's twenty connections, so that a crowd of readers leaves eight for the probes, the chain's writer, sync
     * and the pool's writer.
     */
    public static final int MAX_CONCURRENT_READS = 12;

    /**
     * Client addresses remembered with their share ({@link ClientLimits}); beyond this the least recently seen is
     * forgotten (its next request starts a fresh share), so many addresses cannot grow the table.
     */
    public static final int MAX_CLIENTS = 10_000;

    /**
     * Open event streams at most. A dashboard is a person looking; more streams than this are a client gone wrong
     * or an attack, each holding a connection and a share of every event (and, while any is open, the peers are
     * asked for their reports).
     */
    public static final int MAX_STREAMS = 32;

    /**
     * Open event streams of one client address: a few dashboards in tabs. One address cannot take every stream and
     * lock the other dashboards out.
     */
    public static final int MAX_STREAMS_PER_CLIENT = 4;

    /**
     * A stream ends after this long; the page's EventSource reconnects at once. A stream that nobody reads any more
     * (a client gone quiet behind a proxy) holds its connection no longer than this.
     */
    public static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);

    /**
     * Messages in one page of a party's history: at most ~460 KB of JSON, and a client that does not read holds that
     * much of the node's memory per connection until the idle timeout; clients page for more.
     */
    public static final int MAX_MESSAGE_PAGE = 100;

    /** Blocks in one page of the chain, if they are small; {@link #MAX_BLOCK_PAGE_BYTES} bounds the rest. */
    public static final int MAX_BLOCK_PAGE = 500;

    /**
     * Encoded bytes of the blocks in one page (their JSON is about 2.5 times as much): a page holds at least one
     * block, then stops before this; a page of 500 full blocks would otherwise be over a gigabyte of JSON.
     */
    public static final int MAX_BLOCK_PAGE_BYTES = 2 * 1024 * 1024;

    /** Blocks read at once while a page is filled: a few reads for small blocks, few blocks too many for large ones. */
    public static final int BLOCK_PAGE_CHUNK = 25;
}
