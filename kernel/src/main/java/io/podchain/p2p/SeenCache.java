package io.podchain.p2p;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Remembers the most recent keys (block hashes, message ids) with a value, forgetting the oldest. Thread-safe. */
final class SeenCache<K, V> {
    private final Map<K, V> entries;

    SeenCache(int capacity) {
        entries = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    /** Records {@code key}; true when it was not there yet. */
    boolean add(K key, V value) {
        return entries.putIfAbsent(key, value) == null;
    }

    V get(K key) {
        return entries.get(key);
    }

    void remove(K key) {
        entries.remove(key);
    }
}
