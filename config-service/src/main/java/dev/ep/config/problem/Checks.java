package dev.ep.config.problem;

import java.util.regex.Pattern;

/** Small validations shared by the value types; each throws {@link ConfigException} naming the field. */
public final class Checks {

    /** Lower-case slug: letters, digits and inner hyphens, 1 to 64 characters. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    private Checks() {
    }

    public static String slug(String field, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, field + ": '" + value
                    + "' is not a valid id (1-64 lower-case letters, digits and inner hyphens, e.g. 'checkout-button')");
        }
        return value;
    }

    /** Required text: not blank, at most {@code max} characters, no control characters except tab/newline. */
    public static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, field + ": must not be blank");
        }
        return optional(field, value, max);
    }

    /** Optional text ({@code null} becomes {@code ""}): at most {@code max} characters. */
    public static String optional(String field, String value, int max) {
        if (value == null) {
            return "";
        }
        if (value.length() > max) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, field + ": is " + value.length()
                    + " characters long, at most " + max + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
                throw new ConfigException(ErrorCode.INVALID_FIELD, field + ": contains a control character at index " + i);
            }
        }
        return value;
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, field + ": is required");
        }
        return value;
    }
}
