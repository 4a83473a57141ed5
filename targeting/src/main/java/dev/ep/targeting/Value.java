package dev.ep.targeting;

/**
 * A literal in a rule: a string or a number, typed by the JSON it was written in. A number literal
 * compares numerically with an attribute whose text is a number ({@link NumberText}); a string
 * literal compares by exact, case-sensitive string equality.
 */
public sealed interface Value {

    static Value of(String text) {
        return new Str(text);
    }

    static Value of(double number) {
        return new Num(number);
    }

    /** A string literal, at most {@link Limits#MAX_STRING_LENGTH} characters of well-formed UTF-16. */
    record Str(String value) implements Value {
        public Str {
            if (value == null) {
                throw new IllegalArgumentException("string value must not be null");
            }
            if (value.length() > Limits.MAX_STRING_LENGTH) {
                throw new IllegalArgumentException("string value is " + value.length()
                        + " characters long, at most " + Limits.MAX_STRING_LENGTH + " allowed");
            }
            if (!wellFormed(value)) {
                throw new IllegalArgumentException("string value contains an unpaired surrogate");
            }
        }
    }

    /** A finite IEEE-754 double; {@code -0.0} is normalised to {@code 0.0}. */
    record Num(double value) implements Value {
        public Num {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("number value must be finite, got " + value);
            }
            if (value == 0.0d) {
                value = 0.0d;
            }
        }
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
