package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.UnitState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's units by due time ({@link Attribution#dueAt}), so that the sweep reads only the units something of
 * which expires, instead of every unit the store remembers (README "Due time").
 *
 * <p>An entry's key is the due time as 16 hex digits of {@code due ^ Long.MIN_VALUE} (so the keys' byte order, which
 * is RocksDB's and the range queries', is the due times' numeric order, negative ones included), then the unit key;
 * its value is the unit key again. The due time is read back from the fixed-width prefix and the unit from the value,
 * so nothing is parsed out of a unit key, which may hold any character.
 *
 * <p>The entry of a unit is the due time of the state stored for it: {@link #move} is called with the stored state
 * before and after every write of the unit (a due time is a function of the state alone), so the index holds exactly
 * one entry per stored unit. Bound: one entry per unit of the unit store, each about twice the unit key.
 */
final class DueIndex {

    static final int DUE_WIDTH = 16;

    /** An index entry: the unit {@code unit} is due at {@code due}. */
    record Entry(String key, long due, String unit) {
    }

    /** Up to a batch of due entries, and whether more were due after them. */
    record Batch(List<Entry> entries, boolean more) {
    }

    private final KeyValueStore<String, String> store;
    private final Attribution attribution;

    DueIndex(KeyValueStore<String, String> store, Attribution attribution) {
        this.store = Objects.requireNonNull(store, "store");
        this.attribution = Objects.requireNonNull(attribution, "attribution");
    }

    static String key(long due, String unit) {
        return prefix(due) + unit;
    }

    static long due(String key) {
        return Long.parseUnsignedLong(key.substring(0, DUE_WIDTH), 16) ^ Long.MIN_VALUE;
    }

    private static String prefix(long due) {
        String hex = Long.toHexString(due ^ Long.MIN_VALUE);
        return "0".repeat(DUE_WIDTH - hex.length()) + hex;
    }

    /** Moves the unit's entry from the due time of {@code before} to that of {@code after} (null: not stored). */
    void move(String unit, UnitState before, UnitState after) {
        String from = before == null ? null : key(attribution.dueAt(before), unit);
        String to = after == null ? null : key(attribution.dueAt(after), unit);
        if (Objects.equals(from, to)) {
            return;
        }
        if (from != null) {
            store.delete(from);
        }
        if (to != null) {
            store.put(to, unit);
        }
    }

    /** Writes the unit's entry if it is missing (state written before the index existed); true when it was. */
    boolean ensure(String unit, UnitState state) {
        String key = key(attribution.dueAt(state), unit);
        if (store.get(key) != null) {
            return false;
        }
        store.put(key, unit);
        return true;
    }

    void remove(Entry entry) {
        store.delete(entry.key());
    }

    /**
     * Up to {@code max} entries due at {@code streamTime} or earlier, in due order, after the entry with key
     * {@code after} (null: from the first).
     */
    Batch dueBy(long streamTime, String after, int max) {
        List<Entry> entries = new ArrayList<>();
        boolean more = false;
        // the upper end is inclusive: up to the first key of the next millisecond (no unit key is empty)
        String to = streamTime == Long.MAX_VALUE ? null : prefix(streamTime + 1);
        try (KeyValueIterator<String, String> next = store.range(after, to)) {
            while (next.hasNext()) {
                KeyValue<String, String> kv = next.next();
                if (kv.key.equals(after)) { // the range starts at the cursor itself
                    continue;
                }
                long due = due(kv.key);
                if (due > streamTime) {
                    break;
                }
                if (entries.size() == max) {
                    more = true;
                    break;
                }
                entries.add(new Entry(kv.key, due, kv.value));
            }
        }
        return new Batch(entries, more);
    }
}
