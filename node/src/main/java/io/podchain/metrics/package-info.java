/**
 * Prometheus metrics (Micrometer, {@code /q/metrics}) of the chain (height, work, difficulty, pending messages,
 * reorganisations). The other meters are registered by the code they measure: the network's (peers, blocks received,
 * relayed and rejected by reason, propagation delay) by {@code p2p.P2pMetrics}, sync's (rate, state) by
 * {@code sync.SyncService}, mining's hash rate by {@code mining.Miner}, the signature cache's by
 * {@code pool.SignatureCache}, readiness by {@code health.SyncReadiness}; this package depends on none of them.
 * Event-driven where possible, so a scrape costs no database work but the pending count.
 */
package io.podchain.metrics;
