/**
 * Consensus: what a valid chain is. Messages, block headers, blocks, their canonical byte encoding, hashing,
 * proof of work, difficulty retargeting, secp256k1 signatures, the named validation rules, genesis and
 * cumulative work.
 *
 * <p>Plain Java with no framework imports, so that every rule can be tested with known vectors and
 * property tests, and so that every other package (store, p2p, sync, mining, api) uses the one copy of the rules.
 */
package io.podchain.chain;
