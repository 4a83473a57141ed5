package dev.ep.registry.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides whether a candidate schema may follow the earlier versions of a subject under a compatibility level,
 * using Avro's own reader/writer resolution rules ({@link SchemaCompatibility}).
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /** An earlier, live version of the subject. */
    public record PreviousVersion(int version, Schema schema) {
    }

    /** The outcome; {@code messages} explains every incompatibility found (empty when compatible). */
    public record Result(boolean compatible, List<String> messages) {

        public Result {
            messages = List.copyOf(messages);
        }

        static Result ok() {
            return new Result(true, List.of());
        }
    }

    /**
     * Checks {@code candidate} against {@code previous} (oldest first): against all of them for a transitive
     * level, else against the newest one only.
     */
    public static Result check(CompatibilityLevel level, Schema candidate, List<PreviousVersion> previous) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return Result.ok();
        }
        List<PreviousVersion> against = level.transitive() ? previous : List.of(previous.get(previous.size() - 1));
        List<String> messages = new ArrayList<>();
        for (int i = against.size() - 1; i >= 0; i--) {
            PreviousVersion old = against.get(i);
            List<String> problems = new ArrayList<>();
            if (level.newReadsOld()) {
                problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()),
                        "the new schema cannot read data written with version " + old.version()));
            }
            if (level.oldReadsNew()) {
                problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate),
                        "version " + old.version() + " cannot read data written with the new schema"));
            }
            if (!problems.isEmpty()) {
                messages.addAll(problems);
                messages.add("{oldSchemaVersion: " + old.version() + "}");
                messages.add("{oldSchema: '" + old.schema() + "'}");
            }
        }
        if (messages.isEmpty()) {
            return Result.ok();
        }
        messages.add("{compatibility: '" + level.name() + "'}");
        return new Result(false, messages);
    }

    private static List<String> problems(SchemaPairCompatibility pair, String direction) {
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
            problems.add("{errorType:'" + incompatibility.getType() + "', description:'" + direction + ": "
                    + incompatibility.getMessage() + "', additionalInfo:'" + incompatibility.getLocation() + "'}");
        }
        if (problems.isEmpty()) {
            problems.add("{errorType:'INCOMPATIBLE', description:'" + direction + "'}");
        }
        return problems;
    }
}
