/**
 * Catching up: the sync state machine (the single writer of "am I in sync"), choice of the lowest-latency peer
 * among those that claim more work, block locators, headers checked before they count (a peer's verified work is
 * what its checked headers carry; a claim they do not back is penalised), block paging, and fallback to the next
 * peer when one stalls or lies. Blocks go to the store through the one path every block takes. It implements the
 * network's {@link io.podchain.p2p.ChainFollower}, so it depends on p2p and not the other way round.
 */
package io.podchain.sync;
