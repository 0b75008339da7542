/**
 * Admission of messages to the pending pool: checks every message rule before anything is stored, and signs
 * messages the node submits on a user's behalf with the node's key.
 */
package io.podchain.pool;
