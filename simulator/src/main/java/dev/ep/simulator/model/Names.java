package dev.ep.simulator.model;

import java.util.regex.Pattern;

/** Names in a model file: lower-case slugs, so they are valid ids and pages on the platform. */
final class Names {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");

    private Names() {
    }

    static String require(String field, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new ModelException(field + ": a slug [a-z0-9][a-z0-9_-]{0,47} is required, got '" + value + "'");
        }
        return value;
    }
}
