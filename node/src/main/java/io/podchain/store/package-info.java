/**
 * The chain in PostgreSQL: Panache entities over the Flyway schema, and {@link io.podchain.store.ChainStore}, the
 * single writer that applies a validated block as one transaction (extend, side branch or reorganisation by
 * cumulative work) and then publishes {@link io.podchain.ledger.ChainTipChanged}. Also the message pool's tables,
 * the pool that checks a page's blocks on every core, and the planner statistics a fast-growing chain needs.
 */
package io.podchain.store;

