package io.podchain.pool;

import io.podchain.chain.Message;

/** A message new to this node was admitted to the pending pool (fired after it was stored). */
public record MessageAccepted(Message message) {
}
