package dev.ep.targeting;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attribute names of the rules compiled together, numbered {@code 0, 1, ...} in order of first use, and which of
 * them some rule reads as a number. Mutable while the rules compile, then read only.
 */
final class AttributeIds {

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final BitSet numeric = new BitSet();

    /** The number of {@code name}, given on first use. */
    int id(String name, boolean readAsNumber) {
        Integer id = ids.get(name);
        if (id == null) {
            id = names.size();
            ids.put(name, id);
            names.add(name);
        }
        if (readAsNumber) {
            numeric.set(id);
        }
        return id;
    }

    Map<String, Integer> ids() {
        return ids;
    }

    String[] names() {
        return names.toArray(String[]::new);
    }

    boolean[] numeric() {
        boolean[] result = new boolean[names.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = numeric.get(i);
        }
        return result;
    }
}
