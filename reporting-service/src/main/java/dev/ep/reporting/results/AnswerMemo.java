package dev.ep.reporting.results;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The last analysed answer per query, reused while its inputs are unchanged: the same arms ({@code equals}), the
 * same configuration snapshot (the same object: a configuration change swaps in a new one) and not older than
 * {@code maxAgeMs} (what other instances may have changed meanwhile, e.g. the always-valid minima in PostgreSQL, is
 * read again at least that often). Dashboards, the console and the freshness benchmark poll the results endpoint;
 * without it each poll ran the whole analysis twice and read PostgreSQL, and under load the polls took more of
 * reporting-service's CPU than its stream thread (README, "Not done yet"). Bounded: at most {@code maxEntries}
 * queries, least recently used dropped first. Plain Java, thread-safe.
 */
final class AnswerMemo<K, V> {

    private record Entry<V>(Object inputs, Object config, long at, V value) {
    }

    private final long maxAgeMs;
    private final LongSupplier clockMs;
    private final Map<K, Entry<V>> entries;

    AnswerMemo(int maxEntries, long maxAgeMs, LongSupplier clockMs) {
        if (maxEntries <= 0 || maxAgeMs < 0) {
            throw new IllegalArgumentException("maxEntries must be positive and maxAgeMs not negative");
        }
        this.maxAgeMs = maxAgeMs;
        this.clockMs = Objects.requireNonNull(clockMs);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The answer stored for {@code key} if it was computed from equal {@code inputs}, the same {@code config}, recently. */
    synchronized Optional<V> get(K key, Object inputs, Object config) {
        Entry<V> e = entries.get(key);
        if (e == null || e.config() != config || !e.inputs().equals(inputs)
                || clockMs.getAsLong() - e.at() > maxAgeMs) {
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    synchronized void put(K key, Object inputs, Object config, V value) {
        entries.put(key, new Entry<>(Objects.requireNonNull(inputs), config, clockMs.getAsLong(), value));
    }

    synchronized int size() {
        return entries.size();
    }
}
