/**
 * The roof: the node as a process. Its entry point (which starts the embedded PostgreSQL when no database is
 * configured), the start-up order, the consensus parameters from configuration and the clock every other package
 * reads time from. No other package imports it (ArchitectureTest).
 */
package io.podchain.node;
