package dev.ep.registry.core;

import java.util.List;

/**
 * Schema histories with, for each compatibility level, one change the level accepts and one it rejects. Shared
 * by the unit test of the checker and the HTTP test of the registry.
 */
public final class CompatibilityFixtures {

    public static final String ID = record("{\"name\":\"id\",\"type\":\"long\"}");
    public static final String ID_NAME = record("{\"name\":\"id\",\"type\":\"long\"}",
            "{\"name\":\"name\",\"type\":\"string\"}");
    public static final String ID_NAME_DEFAULT = record("{\"name\":\"id\",\"type\":\"long\"}",
            "{\"name\":\"name\",\"type\":\"string\",\"default\":\"\"}");
    public static final String ID_EMAIL = record("{\"name\":\"id\",\"type\":\"long\"}",
            "{\"name\":\"email\",\"type\":\"string\"}");
    public static final String ID_EMAIL_DEFAULT = record("{\"name\":\"id\",\"type\":\"long\"}",
            "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}");
    public static final String ID_NAME_EMAIL = record("{\"name\":\"id\",\"type\":\"long\"}",
            "{\"name\":\"name\",\"type\":\"string\"}", "{\"name\":\"email\",\"type\":\"string\"}");
    public static final String ID_NAME_EMAIL_DEFAULT = record("{\"name\":\"id\",\"type\":\"long\"}",
            "{\"name\":\"name\",\"type\":\"string\"}", "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}");
    public static final String ID_EMAIL_PHONE_DEFAULTS = record("{\"name\":\"id\",\"type\":\"long\"}",
            "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}",
            "{\"name\":\"phone\",\"type\":\"string\",\"default\":\"\"}");

    private CompatibilityFixtures() {
    }

    public record Case(CompatibilityLevel level, List<String> history, String compatible, String incompatible) {
    }

    public static Case[] cases() {
        return new Case[] {
            // new schema reads old data: a new field needs a default
            new Case(CompatibilityLevel.BACKWARD, List.of(ID_NAME), ID_NAME_EMAIL_DEFAULT, ID_NAME_EMAIL),
            // old schema reads new data: a removed field needs a default in the old schema
            new Case(CompatibilityLevel.FORWARD, List.of(ID_NAME), ID_NAME_EMAIL, ID),
            new Case(CompatibilityLevel.FULL, List.of(ID_NAME), ID_NAME_EMAIL_DEFAULT, ID_NAME_EMAIL),
            // compatible with the latest version, not with version 1
            new Case(CompatibilityLevel.BACKWARD_TRANSITIVE, List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL_PHONE_DEFAULTS,
                    ID_EMAIL),
            new Case(CompatibilityLevel.FORWARD_TRANSITIVE, List.of(ID_NAME, ID_NAME_DEFAULT), ID_NAME_EMAIL, ID),
            new Case(CompatibilityLevel.FULL_TRANSITIVE, List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL_PHONE_DEFAULTS,
                    ID_EMAIL),
        };
    }

    private static String record(String... fields) {
        return "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"dev.ep.events.v1\",\"fields\":["
                + String.join(",", fields) + "]}";
    }
}
