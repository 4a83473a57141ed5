package dev.ep.assignment.snapshot;

import dev.ep.assignment.core.BucketRange;
import dev.ep.assignment.core.ConfigChange;
import dev.ep.assignment.core.ExperimentDefinition;
import dev.ep.assignment.core.HoldoutDefinition;
import dev.ep.assignment.core.LayerDefinition;
import dev.ep.assignment.core.SlotRange;
import dev.ep.assignment.core.Status;
import dev.ep.assignment.core.TreatmentDefinition;
import dev.ep.assignment.core.UnitType;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.HoldoutState;
import dev.ep.events.v1.LayerState;
import dev.ep.schemas.ConfigKeys;
import dev.ep.targeting.Rule;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingException;
import dev.ep.targeting.TargetingParser;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edge between the Avro snapshot records and the plain-Java core: converts one {@link ExperimentSnapshot} into a
 * {@link ConfigChange}, validating what the core relies on (targeting rule syntax, variables as JSON objects, ranges).
 * An invalid record throws {@link InvalidSnapshotException} and is dead-lettered; it never stops the feed.
 */
final class SnapshotConverter {

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).build();

    private SnapshotConverter() {
    }

    /** A Kafka tombstone for {@code key}. */
    static ConfigChange tombstone(String key) {
        return new ConfigChange.Removed(key, -1);
    }

    static ConfigChange convert(String key, ExperimentSnapshot snapshot) {
        long sequence = snapshot.getSequence();
        if (sequence < 0) {
            throw new InvalidSnapshotException("negative sequence " + sequence);
        }
        if (snapshot.getDeleted()) {
            return new ConfigChange.Removed(key, sequence);
        }
        try {
            return switch (snapshot.getAggregateType()) {
                case EXPERIMENT -> new ConfigChange.ExperimentPut(key, sequence,
                        experiment(require(snapshot.getExperiment(), "experiment"), snapshot.getVersion()));
                case LAYER -> new ConfigChange.LayerPut(key, sequence, layer(require(snapshot.getLayer(), "layer")));
                case HOLDOUT -> new ConfigChange.HoldoutPut(key, sequence,
                        holdout(require(snapshot.getHoldout(), "holdout")));
                case METRIC, UNKNOWN -> new ConfigChange.Ignored(key, sequence);
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException(e.getMessage(), e);
        }
    }

    /** The record key config-service uses for a snapshot. */
    static String keyOf(ExperimentSnapshot snapshot) {
        return ConfigKeys.of(snapshot.getAggregateType(), snapshot.getAggregateId());
    }

    private static <T> T require(T state, String name) {
        if (state == null) {
            throw new InvalidSnapshotException("aggregate type says " + name + " but the " + name + " state is missing");
        }
        return state;
    }

    private static ExperimentDefinition experiment(ExperimentState e, int version) {
        List<BucketRange> buckets = new ArrayList<>();
        e.getBuckets().forEach(r -> buckets.add(new BucketRange(r.getStart(), r.getEnd())));
        List<TreatmentDefinition> treatments = new ArrayList<>();
        for (dev.ep.events.v1.Treatment t : e.getTreatments()) {
            treatments.add(new TreatmentDefinition(t.getName(), t.getControl(), t.getWeightBasisPoints(),
                    variables(e.getId(), t)));
        }
        List<SlotRange> slots = new ArrayList<>();
        e.getSlots().forEach(s -> slots.add(new SlotRange(s.getStart(), s.getEnd(), s.getTreatment())));
        return new ExperimentDefinition(e.getId(), e.getLayerId(), version, e.getPhase(), unitType(e.getUnitType()),
                e.getSalt(), status(e.getStatus()), buckets, e.getSlotCount(), treatments, slots,
                targeting(e.getId(), e.getTargeting()), e.getOverrides());
    }

    /**
     * The variables exactly as config-service published them: the text is checked to be one JSON object (syntax,
     * duplicate keys, nothing after it) by tokenising it, and passed on unchanged. Numbers are never converted, so
     * {@code 19.999999999999999999}, {@code 1.50} and {@code 1E+400} reach the storefront as written (through a
     * {@code double} they became {@code 20.0}, {@code 1.5} and {@code "Infinity"}), and the hot path writes the
     * text into the response as it is.
     */
    private static String variables(String experimentId, dev.ep.events.v1.Treatment t) {
        String text = t.getVariables();
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidSnapshotException("experiment " + experimentId + " treatment " + t.getName()
                        + ": variables must be a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new InvalidSnapshotException("experiment " + experimentId + " treatment " + t.getName()
                        + ": variables have content after the JSON object");
            }
            return text;
        } catch (JacksonException ex) {
            throw new InvalidSnapshotException("experiment " + experimentId + " treatment " + t.getName()
                    + ": variables are not valid JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    private static Targeting targeting(String experimentId, dev.ep.events.v1.Targeting t) {
        try {
            Rule rule = t.getRule() == null ? Rule.ALWAYS : TargetingParser.parseRule(t.getRule());
            return new Targeting(t.getPages(), rule);
        } catch (TargetingException | IllegalArgumentException ex) {
            throw new InvalidSnapshotException("experiment " + experimentId + ": invalid targeting: "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * The layer with its one unit type. {@code UNKNOWN} (a kind newer than this service) is kept, not refused: the
     * compiled layer assigns nothing and the configuration lists a warning, so a newer config-service never stops
     * this one from applying the rest of the log.
     */
    private static LayerDefinition layer(LayerState l) {
        return new LayerDefinition(l.getId(), l.getBucketCount(), unitType(l.getUnitType()));
    }

    /** The holdout with its unit type ({@code UNKNOWN}: kept, holds out nobody, warned). */
    private static HoldoutDefinition holdout(HoldoutState h) {
        return new HoldoutDefinition(h.getBasisPoints(), h.getSalt(), unitType(h.getUnitType()));
    }

    private static UnitType unitType(dev.ep.events.v1.UnitType type) {
        return switch (type) {
            case SESSION -> UnitType.SESSION;
            case USER -> UnitType.USER;
            case UNKNOWN -> UnitType.UNKNOWN;
        };
    }

    private static Status status(dev.ep.events.v1.ExperimentStatus status) {
        return switch (status) {
            case DRAFT -> Status.DRAFT;
            case RUNNING -> Status.RUNNING;
            case PAUSED -> Status.PAUSED;
            case STOPPED -> Status.STOPPED;
            case UNKNOWN -> Status.UNKNOWN;
        };
    }
}
