package io.podchain.p2p;

/**
 * What every peer shares: the codec, the node-wide {@link TrafficBudget}, and the node's {@link Scheduler}, whose
 * workers handle messages and whose timer resumes an inbox held back by the rate or closes a socket after
 * {@link P2pLimits#CLOSE_GRACE}.
 */
record PeerShared(ProtocolCodec codec, TrafficBudget budget, Scheduler scheduler) {
}
