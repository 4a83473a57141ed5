package dev.ep.registry.core;

/**
 * The {@code {version}} path segment: a version number in [1, 2^31-1], or "latest" (Confluent also accepts -1).
 */
public sealed interface VersionSelector {

    record Latest() implements VersionSelector {
        @Override
        public String toString() {
            return "latest";
        }
    }

    record Exact(int version) implements VersionSelector {
        public Exact {
            if (version < 1) {
                throw invalid(Integer.toString(version));
            }
        }

        @Override
        public String toString() {
            return Integer.toString(version);
        }
    }

    static VersionSelector parse(String text) {
        if (text == null) {
            throw invalid("null");
        }
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("latest") || trimmed.equals("-1")) {
            return new Latest();
        }
        int version;
        try {
            version = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        return new Exact(version);
    }

    private static RegistryException invalid(String text) {
        return new RegistryException(ErrorCode.INVALID_VERSION, "The specified version '" + text
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
}
