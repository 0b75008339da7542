package io.podchain.store;

/** What pending messages occupy: their count and the characters of their recipients and contents. */
public record PendingLoad(long messages, long bytes) {
}
