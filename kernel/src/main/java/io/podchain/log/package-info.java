/**
 * What a stranger sent, made safe to log: {@link io.podchain.log.LogSafe} escapes control characters and bounds the
 * length of anything a peer or client chose, so that no input can write a line of its own or drown the log; and
 * {@link io.podchain.log.LogLimiter} lets a repeated warning about the same source through a few times a minute,
 * then counts the rest. Plain Java, used by the protocol and the API alike.
 */
package io.podchain.log;
