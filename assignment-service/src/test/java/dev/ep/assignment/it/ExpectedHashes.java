package dev.ep.assignment.it;

import dev.ep.assignment.hashing.HashSpace;

/**
 * The hashes an integration test expects, computed with the published hash function (docs/hashing.md), in one place:
 * the layer bucket, the treatment slot and the raw layer hash of a unit. When the hash inputs change, only this class
 * follows.
 */
final class ExpectedHashes {

    private ExpectedHashes() {
    }

    /** The unit's bucket in a layer of {@code buckets} buckets. */
    static int bucket(String layerId, String unitId, int buckets) {
        return HashSpace.BUCKET.scaled(layerId, unitId, buckets);
    }

    /** The unit's treatment slot in an experiment of {@code slots} slots. */
    static int slot(String salt, String unitId, int slots) {
        return HashSpace.SLOT.scaled(salt, unitId, slots);
    }

    /** The raw layer hash (unsigned) explain reports. */
    static long layerHash(String layerId, String unitId) {
        return Integer.toUnsignedLong(HashSpace.BUCKET.hash(layerId, unitId));
    }
}
