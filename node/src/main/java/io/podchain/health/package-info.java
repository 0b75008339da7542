/**
 * The Kubernetes probes. Readiness means "this node has the network's chain": database reachable, in sync within
 * {@code podchain.readiness.max-blocks-behind} of the best peer, enough peers. Liveness fails only for what a restart
 * fixes: the sync and discovery engine stopped ticking. Startup completes once the node made its first sync decision,
 * so a long initial sync is readiness's business, never a liveness kill.
 */
package io.podchain.health;
