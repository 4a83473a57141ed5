package dev.ep.assignment.core;

import dev.ep.assignment.hashing.HashSpace;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: experiments, layers and config logs as config-service would publish them. */
final class Experiments {

    private Experiments() {
    }

    /** A fluent experiment fixture: RUNNING, SESSION unit, salt = id, two treatments 50/50, no targeting. */
    static Builder experiment(String id, String layerId) {
        return new Builder(id, layerId);
    }

    static final class Builder {
        private final String id;
        private final String layerId;
        private int version = 1;
        private int phase = 1;
        private UnitType unitType = UnitType.SESSION;
        private String salt;
        private Status status = Status.RUNNING;
        private final List<BucketRange> buckets = new ArrayList<>();
        private final Map<String, Integer> weights = new LinkedHashMap<>(Map.of("control", 5_000));
        private List<SlotRange> slots;
        private Targeting targeting = Targeting.EVERYONE;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        Builder(String id, String layerId) {
            this.id = id;
            this.layerId = layerId;
            this.salt = id;
            weights.put("treatment", 5_000);
        }

        Builder buckets(int start, int end) {
            buckets.add(new BucketRange(start, end));
            return this;
        }

        Builder status(Status s) {
            status = s;
            return this;
        }

        Builder unit(UnitType type) {
            unitType = type;
            return this;
        }

        Builder salt(String s) {
            salt = s;
            return this;
        }

        Builder version(int v) {
            version = v;
            return this;
        }

        Builder phase(int p) {
            phase = p;
            return this;
        }

        /** Treatments in order with weights in basis points; slots laid out contiguously in that order. */
        Builder weights(Object... nameWeight) {
            weights.clear();
            for (int i = 0; i < nameWeight.length; i += 2) {
                weights.put((String) nameWeight[i], (Integer) nameWeight[i + 1]);
            }
            return this;
        }

        Builder slots(SlotRange... ranges) {
            slots = List.of(ranges);
            return this;
        }

        Builder targeting(String json) {
            targeting = TargetingParser.parse(json);
            return this;
        }

        Builder override(String unit, String treatment) {
            overrides.put(unit, treatment);
            return this;
        }

        ExperimentDefinition build() {
            List<TreatmentDefinition> treatments = new ArrayList<>();
            List<SlotRange> contiguous = new ArrayList<>();
            int next = 0;
            boolean first = true;
            for (Map.Entry<String, Integer> w : weights.entrySet()) {
                treatments.add(new TreatmentDefinition(w.getKey(), first, w.getValue(),
                        "{\"variant\":\"" + w.getKey() + "\"}"));
                contiguous.add(new SlotRange(next, next + w.getValue(), w.getKey()));
                next += w.getValue();
                first = false;
            }
            return new ExperimentDefinition(id, layerId, version, phase, unitType, salt, status, buckets, 10_000,
                    treatments, slots == null ? contiguous : slots, targeting, overrides);
        }
    }

    static ConfigChange put(long sequence, ExperimentDefinition e) {
        return new ConfigChange.ExperimentPut("experiment:" + e.id(), sequence, e);
    }

    /** A SESSION layer of 10,000 buckets. */
    static ConfigChange layer(long sequence, String id) {
        return layer(sequence, id, UnitType.SESSION);
    }

    static ConfigChange layer(long sequence, String id, UnitType unitType) {
        return new ConfigChange.LayerPut("layer:" + id, sequence, new LayerDefinition(id, 10_000, unitType));
    }

    /** A SESSION holdout salted {@code holdout}. */
    static ConfigChange holdout(long sequence, int basisPoints) {
        return holdout(sequence, basisPoints, UnitType.SESSION);
    }

    static ConfigChange holdout(long sequence, int basisPoints, UnitType unitType) {
        return new ConfigChange.HoldoutPut("holdout", sequence, new HoldoutDefinition(basisPoints, "holdout",
                unitType));
    }

    static CompiledConfig compile(ConfigChange... changes) {
        ConfigLog log = new ConfigLog();
        for (ConfigChange c : changes) {
            log.apply(c);
        }
        return log.compile();
    }

    static AssignmentRequest session(String sessionId) {
        return new AssignmentRequest(sessionId, null, null, Map.of());
    }

    static AssignmentRequest loggedIn(String sessionId, String userId) {
        return new AssignmentRequest(sessionId, userId, null, Map.of());
    }

    /** The layer bucket of {@code unit} in {@code layerId} (10,000 buckets). */
    static int bucket(String layerId, String unit) {
        return HashSpace.BUCKET.scaled(layerId, unit, 10_000);
    }

    /** The treatment slot of {@code unit} for {@code salt} (10,000 slots). */
    static int slot(String salt, String unit) {
        return HashSpace.SLOT.scaled(salt, unit, 10_000);
    }

    /** The holdout bucket of {@code unit} with the salt {@code holdout}. */
    static int holdoutBucket(String unit) {
        return HashSpace.HOLDOUT.scaled("holdout", unit, 10_000);
    }
}
