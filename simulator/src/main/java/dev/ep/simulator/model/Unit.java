package dev.ep.simulator.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The unit an experiment or layer hashes: the session, or the logged-in user. */
public enum Unit {
    SESSION, USER;

    @JsonCreator
    public static Unit parse(String text) {
        if (text == null) {
            return SESSION;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "session" -> SESSION;
            case "user" -> USER;
            default -> throw new ModelException("unit: 'session' or 'user', got '" + text + "'");
        };
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
