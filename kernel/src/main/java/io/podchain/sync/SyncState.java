package io.podchain.sync;

/** Where the node stands in following its network: what {@code GET /api/sync} and the probes report. */
public enum SyncState {
    /** No sync decision made yet (the startup probe waits for the first). */
    STARTING,
    /** Discovery is configured but no peer has proven its key yet. */
    DISCOVERING,
    /** Fetching a better chain from a peer. */
    SYNCING,
    /** No peer has proven more work than ours. */
    IN_SYNC,
    /** A peer has proven more work, but no peer left this round could give it. */
    STALLED
}
