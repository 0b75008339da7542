/**
 * The node as a process: its entry point (which starts the embedded PostgreSQL when no database is configured),
 * its identity key, the consensus parameters from configuration and the clock every other package reads time from.
 */
package io.podchain.node;
