package io.podchain.p2p;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every peer shares: the codec, the node-wide {@link TrafficBudget}, the worker threads that handle messages
 * and the timer that resumes an inbox held back by the rate or closes a socket after {@link P2pLimits#CLOSE_GRACE}.
 */
record PeerShared(ProtocolCodec codec, TrafficBudget budget, Executor executor, ScheduledExecutorService timer) {
}
