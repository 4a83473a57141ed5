package dev.ep.console.proxy;

import dev.ep.schemas.ids.UnitIds;
import java.util.regex.Pattern;

/**
 * One path segment of an allowlisted route: a literal, or a variable in the services' own id syntax. Nothing else
 * matches, so a forwarded path is always made of literals and ids that need no escaping.
 */
sealed interface Segment {

    boolean matches(String segment);

    /** {@code {name}} in a route pattern is a variable; anything else a literal. */
    static Segment parse(String text) {
        return switch (text) {
            case "{slug}" -> Variable.SLUG;
            case "{unit}" -> Variable.UNIT;
            default -> {
                if (text.startsWith("{")) {
                    throw new IllegalArgumentException("unknown variable " + text);
                }
                yield new Literal(text);
            }
        };
    }

    record Literal(String text) implements Segment {
        @Override
        public boolean matches(String segment) {
            return text.equals(segment);
        }
    }

    enum Variable implements Segment {
        /** Experiment, layer and metric ids: config-service's slugs (docs/ids.md). */
        SLUG("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"),
        /**
         * Session and user ids: the platform's unit id grammar ({@link UnitIds}) without {@code /}, which cannot be
         * a path segment (ids with {@code /} go through the query form, {@code /v1/timeline?sessionId=}).
         */
        UNIT(UnitIds.REGEX.replace("/", ""));

        private final Pattern pattern;

        Variable(String regex) {
            this.pattern = Pattern.compile(regex);
        }

        @Override
        public boolean matches(String segment) {
            return pattern.matcher(segment).matches();
        }
    }
}
