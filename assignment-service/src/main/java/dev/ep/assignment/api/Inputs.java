package dev.ep.assignment.api;

import dev.ep.schemas.ids.Texts;
import dev.ep.schemas.ids.UnitIds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Input limits shared by every endpoint. Ids (session, user, event, order and experiment ids, treatment names): the
 * platform's one id grammar, {@link UnitIds} (1–128 characters of {@code [A-Za-z0-9._:@~+=/-]}, docs/ids.md). Pages:
 * 1–128 printable ASCII characters without spaces (the targeting page grammar). Attributes: at most 50, names
 * {@code [A-Za-z_][A-Za-z0-9_.-]*} up to 64 characters, values strings up to 256 characters, numbers or booleans
 * (sent to targeting as their JSON text). Free text (attribute values, event property values) must be storable
 * ({@link Texts}: no NUL, no unpaired surrogate): such text would pass through Avro and then be dead-lettered by
 * event-ingest, so it is refused here with 400 instead.
 */
public final class Inputs {

    public static final int MAX_ID = UnitIds.MAX_LENGTH;
    public static final int MAX_PAGE = 128;
    public static final int MAX_ATTRIBUTES = 50;
    public static final int MAX_ATTRIBUTE_NAME = 64;
    public static final int MAX_ATTRIBUTE_VALUE = 256;

    private Inputs() {
    }

    public static String requiredId(String value, String field) {
        if (value == null) {
            throw new ApiException(ErrorCode.MISSING_FIELD, field + " is required");
        }
        return id(value, field);
    }

    /** {@code null} stays {@code null}. */
    public static String optionalId(String value, String field) {
        return value == null ? null : id(value, field);
    }

    private static String id(String value, String field) {
        Optional<String> problem = UnitIds.problem(value);
        if (problem.isPresent()) {
            throw new ApiException(ErrorCode.INVALID_ID, field + " " + problem.get() + " (id grammar: "
                    + UnitIds.REGEX + ")");
        }
        return value;
    }

    /**
     * Free text that must be storable as it is: {@code null} is fine, NUL and unpaired surrogates are not.
     *
     * @throws ApiException with {@code code} naming the field
     */
    public static String text(String value, String field, ErrorCode code) {
        Optional<String> problem = Texts.problem(value);
        if (problem.isPresent()) {
            throw new ApiException(code, field + " " + problem.get());
        }
        return value;
    }

    public static String optionalPage(String page, String field) {
        if (page == null) {
            return null;
        }
        if (page.isEmpty() || page.length() > MAX_PAGE) {
            throw new ApiException(ErrorCode.INVALID_PAGE, field + " must be 1 to " + MAX_PAGE + " characters long");
        }
        for (int i = 0; i < page.length(); i++) {
            char c = page.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new ApiException(ErrorCode.INVALID_PAGE, field + " may contain only printable ASCII without "
                        + "spaces; found " + describe(c) + " at position " + i);
            }
        }
        return page;
    }

    /** JSON attributes (strings, numbers, booleans) as the string map targeting reads. */
    public static Map<String, String> attributes(Map<String, ?> attributes, String field) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new ApiException(ErrorCode.INVALID_ATTRIBUTES, field + " has " + attributes.size()
                    + " entries, at most " + MAX_ATTRIBUTES + " allowed");
        }
        Map<String, String> result = new HashMap<>(attributes.size() * 2);
        for (Map.Entry<String, ?> e : attributes.entrySet()) {
            String name = e.getKey();
            checkAttributeName(name, field);
            Object v = e.getValue();
            String text;
            if (v instanceof String s) {
                text = s;
            } else if (v instanceof Boolean b) {
                text = b.toString();
            } else if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
                text = v.toString();
            } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
                text = v instanceof BigDecimal d ? d.toString() : v.toString();
            } else {
                throw new ApiException(ErrorCode.INVALID_ATTRIBUTES, field + "." + name
                        + " must be a string, number or boolean" + (v == null ? ", got null" : ""));
            }
            text(text, field + "." + name, ErrorCode.INVALID_ATTRIBUTES);
            if (text.length() > MAX_ATTRIBUTE_VALUE) {
                throw new ApiException(ErrorCode.INVALID_ATTRIBUTES, field + "." + name + " is " + text.length()
                        + " characters long, at most " + MAX_ATTRIBUTE_VALUE + " allowed");
            }
            result.put(name, text);
        }
        return result;
    }

    static void checkAttributeName(String name, String field) {
        boolean ok = !name.isEmpty() && name.length() <= MAX_ATTRIBUTE_NAME;
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
        }
        if (!ok) {
            throw new ApiException(ErrorCode.INVALID_ATTRIBUTES, field + ": attribute name " + quote(name)
                    + " must match [A-Za-z_][A-Za-z0-9_.-]* and be at most " + MAX_ATTRIBUTE_NAME + " characters");
        }
    }

    /**
     * Client text for an error message: at most 80 characters, anything but printable ASCII written as {@code U+XXXX},
     * so a message never carries NUL, control characters or an unpaired surrogate (which could not even be written as
     * UTF-8 JSON) back to the client.
     */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("'");
        int n = Math.min(text.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("U+%04X", (int) c));
        }
        return out.append(text.length() > n ? "…'" : "'").toString();
    }

    private static String describe(char c) {
        return Texts.describe(c);
    }
}
