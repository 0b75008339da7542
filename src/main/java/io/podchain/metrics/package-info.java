/**
 * Prometheus metrics (Micrometer, {@code /q/metrics}): the chain (height, work, difficulty, pending messages,
 * reorganisations), the network (peers, blocks received, relayed and rejected by reason, propagation delay) and the
 * work (sync rate, hash rate). Event-driven where possible, so a scrape costs no database work but the pending count.
 */
package io.podchain.metrics;
