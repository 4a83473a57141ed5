package dev.ep.testsupport.http;

import java.util.Objects;

/** One header line as sent: name and value are written byte for byte (one char is one ISO-8859-1 byte). */
public record Header(String name, String value) {

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** {@code "Name: value"} split at the first colon. */
    public static Header parse(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no colon in header line '" + line + "'");
        }
        return new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }

    public boolean is(String otherName) {
        return name.equalsIgnoreCase(otherName);
    }
}
