package dev.ep.reporting.attribution;

import java.util.Objects;

/**
 * One arm of one phase of one experiment: the key of the aggregates. Its text form {@code experimentId/phase/treatment}
 * splits unambiguously: experiment ids are slugs without {@code /} and the phase is a number.
 */
public record ArmKey(String experimentId, int phase, String treatment) {

    public ArmKey {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(treatment, "treatment");
        if (experimentId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("experiment id must not contain '/': " + experimentId);
        }
    }

    public String text() {
        return experimentId + "/" + phase + "/" + treatment;
    }

    /** The text prefix of every arm of an experiment. */
    public static String prefix(String experimentId) {
        return experimentId + "/";
    }

    public static ArmKey parse(String text) {
        int first = text.indexOf('/');
        int second = first < 0 ? -1 : text.indexOf('/', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("not an arm key: " + text);
        }
        return new ArmKey(text.substring(0, first), Integer.parseInt(text.substring(first + 1, second)),
                text.substring(second + 1));
    }
}
