/**
 * Finding peers: a static list and the DNS of a Kubernetes headless service (A records, and {@code _p2p._tcp} SRV
 * records for the port), resolved on a schedule with a resolver this node controls, never the JDK's caching one.
 * Hands addresses to {@link io.podchain.p2p.PeerManager}; a failed or empty answer is logged and retried.
 */
package io.podchain.discovery;
