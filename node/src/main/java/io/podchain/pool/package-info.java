/**
 * Admission of messages to the pending pool: {@link io.podchain.pool.MessagePool} checks every message rule before
 * anything is stored (each signature once per node, the verdict kept in the node's signature cache for the blocks
 * that will carry the message) and signs messages the node submits on a user's behalf with the node's key; the
 * {@link io.podchain.pool.AdmissionQueue} stores checked messages in batches, one commit each (group commit), and
 * announces what was new ({@link io.podchain.ledger.MessagesAccepted}).
 */
package io.podchain.pool;

