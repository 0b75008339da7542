/**
 * Prometheus metrics (Micrometer, {@code /q/metrics}) of the chain (height, work, difficulty, pending messages,
 * reorganisations) and of mining (hash rate). The network's meters (peers, blocks received, relayed and rejected by
 * reason, propagation delay) and sync's (sync rate, state) are registered by those packages themselves
 * ({@code p2p.P2pMetrics}, {@code sync.SyncService}), so this package depends on neither. Event-driven where
 * possible, so a scrape costs no database work but the pending count.
 */
package io.podchain.metrics;
