package dev.ep.assignment.snapshot;

import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.ConfigChange;
import dev.ep.assignment.core.ConfigLog;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.failure.DeadLetterReason;
import dev.ep.schemas.failure.FailureKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the records of {@code ep.config.experiments}, one at a time and in offset order, into configuration: decodes
 * the value (through the injected decoder, the registry serde in production), checks it against its key, converts it
 * and applies it to a {@link ConfigLog}; and says what the feed must do with the record ({@link Outcome}). Keeps the
 * current snapshot record of every key, for the local snapshot file. Plain Java, no Kafka; one owner thread.
 */
final class ConfigApplier {

    /** What became of one record. */
    sealed interface Outcome {

        /** Applied: the configuration changed. */
        record Applied(ConfigChange change) implements Outcome {
        }

        /**
         * Applied as the first change of a newer epoch whose sequence went back (config-service's database was
         * restored from a backup): the sequence baseline was reset; every other key keeps its state.
         */
        record NewEpoch(ConfigChange change, long epoch, long previousSequence) implements Outcome {
        }

        /** A duplicate or stale re-publication (sequence not above the last applied, or an older epoch): ignored. */
        record Stale(ConfigChange change) implements Outcome {
        }

        /** The record is bad ({@link FailureKind#PERMANENT}): dead-letter it once and go on. */
        record Poison(DeadLetterReason reason, RuntimeException cause) implements Outcome {
        }

        /** Not the record's fault (the registry): stay on it and retry it later; never skip it. */
        record Wait(FailureKind kind, RuntimeException cause) implements Outcome {
        }
    }

    private final Function<byte[], ExperimentSnapshot> decoder;
    private final ConfigLog log = new ConfigLog();
    private final Map<String, ExperimentSnapshot> records = new LinkedHashMap<>();

    /** @param decoder decodes a record value; a failure is classified by {@link FailureKind#classify} */
    ConfigApplier(Function<byte[], ExperimentSnapshot> decoder) {
        this.decoder = decoder;
    }

    /** Applies one record of the current epoch ({@code value == null}: a tombstone). */
    Outcome apply(byte[] keyBytes, byte[] value) {
        return apply(keyBytes, value, log.epoch());
    }

    /** Applies one record of {@code epoch} ({@code value == null}: a tombstone), in offset order. */
    Outcome apply(byte[] keyBytes, byte[] value, long epoch) {
        if (keyBytes == null) {
            return new Outcome.Poison(DeadLetterReason.DECODE, new InvalidSnapshotException("record has no key"));
        }
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        ExperimentSnapshot snapshot = null;
        ConfigChange change;
        if (value == null) {
            change = SnapshotConverter.tombstone(key);
        } else {
            try {
                snapshot = decoder.apply(value);
            } catch (RuntimeException e) {
                FailureKind kind = FailureKind.classify(e);
                return kind.waits() ? new Outcome.Wait(kind, e) : new Outcome.Poison(DeadLetterReason.DECODE, e);
            }
            try {
                if (!key.equals(SnapshotConverter.keyOf(snapshot))) {
                    throw new InvalidSnapshotException("key " + key + " does not match the aggregate "
                            + SnapshotConverter.keyOf(snapshot));
                }
                change = SnapshotConverter.convert(key, snapshot);
            } catch (RuntimeException e) {
                return new Outcome.Poison(DeadLetterReason.VALIDATION, e);
            }
        }
        long previousSequence = log.lastSequence();
        ConfigLog.Result result = log.apply(change, epoch);
        if (result == ConfigLog.Result.STALE) {
            return new Outcome.Stale(change);
        }
        if (change instanceof ConfigChange.Removed) {
            records.remove(key);
        } else {
            records.put(key, snapshot);
        }
        return result == ConfigLog.Result.NEW_EPOCH ? new Outcome.NewEpoch(change, epoch, previousSequence)
                : new Outcome.Applied(change);
    }

    /** Starts from a stored snapshot (records in sequence order, then the last applied sequence). */
    void restore(List<ExperimentSnapshot> stored, long lastSequence) {
        for (ExperimentSnapshot record : stored) {
            String key = SnapshotConverter.keyOf(record);
            if (log.apply(SnapshotConverter.convert(key, record))) {
                records.put(key, record);
            }
        }
        log.advanceTo(lastSequence);
    }

    CompiledConfig compile() {
        return log.compile();
    }

    long lastSequence() {
        return log.lastSequence();
    }

    long epoch() {
        return log.epoch();
    }

    /** The current record of every key, in sequence order (what the snapshot file stores). */
    List<ExperimentSnapshot> records() {
        List<ExperimentSnapshot> ordered = new ArrayList<>(records.values());
        ordered.sort(Comparator.comparingLong(ExperimentSnapshot::getSequence));
        return ordered;
    }
}
