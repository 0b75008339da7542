/**
 * Catching up: the sync state machine (the single writer of "am I in sync"), choice of the lowest-latency peer
 * among those with more work, block locators, header and block paging, and fallback to the next peer when one
 * stalls or lies. Blocks go to the store through the one path every block takes.
 */
package io.podchain.sync;
