package dev.ep.assignment.api;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * Request bodies read from Jackson's token stream instead of databind (issue 13), with databind as the judge of
 * everything unusual. A {@link BodyReader} walks the tokens of the shapes storefronts send (strings, nulls for
 * optional strings, scalar attribute maps, string lists, integer values) and builds the record itself; on anything
 * else it {@linkplain #defer() defers}. A deferred body, and every body the parser itself refuses (malformed JSON or
 * UTF-8, a key given twice, nesting, number or string limits, trailing data), is then read by the databind
 * {@link ObjectReader} of the same mapper, from the same bytes, exactly as before: so every refusal is databind's own
 * exception, and with it the same problem detail, and every body the fast path does not know is read as databind
 * reads it.
 *
 * <p>The parser comes from that {@link ObjectReader}, so UTF-8 validation, duplicate-key detection
 * ({@code STRICT_DUPLICATE_DETECTION}) and the stream limits are the mapper's. What a reader accepts must be what
 * databind accepts, with equal values: {@code AssignJsonTest}, {@code CoverageJsonTest} and {@code EventsJsonTest}
 * check that over thousands of generated bodies, valid and hostile, against Spring's generic decoder on the
 * application's mapper. The value shapes assumed here (floats as {@link java.math.BigDecimal}, integers as the
 * smallest of {@code Integer}, {@code Long}, {@code BigInteger}) are those of {@code use-big-decimal-for-floats}
 * without {@code USE_BIG_INTEGER_FOR_INTS} or {@code USE_LONG_FOR_INTS}; with other settings the fast path is off
 * ({@link #fastPathFits}).
 */
public final class JsonTokens {

    /** Reads one body whose {@code START_OBJECT} is the current token, up to its {@code END_OBJECT}. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(JsonParser p);
    }

    /** Thrown by a {@link BodyReader} for a shape it leaves to databind; no stack trace, one instance. */
    private static final class Deferred extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Deferred() {
            super("deferred to databind", null, false, false);
        }
    }

    private static final Deferred DEFERRED = new Deferred();

    private JsonTokens() {
    }

    /** Leaves the whole body to databind: {@code throw JsonTokens.defer();}. */
    public static RuntimeException defer() {
        return DEFERRED;
    }

    /** Whether the value shapes of the fast path are the ones {@code reader} would build. */
    static boolean fastPathFits(ObjectReader reader) {
        return reader.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                && !reader.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                && !reader.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS);
    }

    /**
     * The body as databind reads it: through {@code fast} when it knows the shape, else through {@code databind}.
     *
     * @throws JacksonException databind's own, for a body it refuses
     */
    public static <T> T read(ObjectReader databind, BodyReader<T> fast, byte[] body) {
        T value = fast == null ? null : tryFast(databind, fast, body);
        return value != null ? value : databind.readValue(new ByteArrayInputStream(body));
    }

    /** The fast path alone (tests, benchmarks): the record, or {@code null} when the body is left to databind. */
    public static <T> T tryFast(ObjectReader databind, BodyReader<T> fast, byte[] body) {
        try (JsonParser p = databind.createParser(body, 0, body.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            T value = fast.read(p);
            // trailing data (FAIL_ON_TRAILING_TOKENS, or malformed bytes after the object) is databind's to judge
            return p.nextToken() == null ? value : null;
        } catch (Deferred | JacksonException e) {
            return null;
        }
    }

    /** A string, or {@code null} for JSON null; anything else is deferred (databind refuses or coerces it). */
    public static String string(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw defer();
    }

    /** An integer that fits a {@code long}, or {@code null}; anything else is deferred. */
    public static Long nullableLong(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
            throw defer();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw defer();
    }

    /**
     * A JSON object of strings, numbers and booleans as databind's {@code Map<String, Object>}: insertion order, the
     * same value types; {@code null} for JSON null. Nested values and null values are deferred.
     */
    public static Map<String, Object> scalars(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw defer();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            Object value = switch (p.nextToken()) {
                case VALUE_STRING -> p.getString();
                case VALUE_NUMBER_INT -> p.getNumberValue();
                case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> throw defer();
            };
            map.put(name, value);
        }
        return map;
    }

    /** A JSON object of strings as databind's {@code Map<String, String>}; {@code null} for JSON null. */
    public static Map<String, String> stringMap(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw defer();
        }
        Map<String, String> map = new LinkedHashMap<>();
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw defer();
            }
            map.put(name, p.getString());
        }
        return map;
    }

    /** A JSON array of strings as databind's {@code List<String>}; {@code null} for JSON null. */
    public static List<String> stringList(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw defer();
        }
        List<String> list = new ArrayList<>();
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            list.add(p.getString());
        }
        if (t != JsonToken.END_ARRAY) {
            throw defer();
        }
        return list;
    }

    /** A JSON array of objects, each read by {@code element}, as databind's list; {@code null} for JSON null. */
    public static <T> List<T> objectList(JsonParser p, BodyReader<T> element) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw defer();
        }
        List<T> list = new ArrayList<>();
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            list.add(element.read(p));
        }
        if (t != JsonToken.END_ARRAY) {
            throw defer();
        }
        return list;
    }
}
