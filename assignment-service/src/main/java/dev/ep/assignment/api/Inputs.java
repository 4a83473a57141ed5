package dev.ep.assignment.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Input limits shared by every endpoint. Ids (session, user, event, experiment): 1–128 characters of
 * {@code [A-Za-z0-9._:@~+=/-]}. Pages: 1–128 printable ASCII characters without spaces (the targeting page grammar).
 * Attributes: at most 50, names {@code [A-Za-z_][A-Za-z0-9_.-]*} up to 64 characters, values strings up to 256
 * characters, numbers or booleans (sent to targeting as their JSON text).
 */
public final class Inputs {

    public static final int MAX_ID = 128;
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
        if (value.isEmpty() || value.length() > MAX_ID) {
            throw new ApiException(ErrorCode.INVALID_ID, field + " must be 1 to " + MAX_ID + " characters long, got "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ".-_:@~+=/".indexOf(c) >= 0;
            if (!ok) {
                throw new ApiException(ErrorCode.INVALID_ID, field + " may contain only letters, digits and . - _ : @ "
                        + "~ + = /; found " + describe(c) + " at position " + i);
            }
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
            throw new ApiException(ErrorCode.INVALID_ATTRIBUTES, field + ": attribute name '" + abbreviate(name)
                    + "' must match [A-Za-z_][A-Za-z0-9_.-]* and be at most " + MAX_ATTRIBUTE_NAME + " characters");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static String describe(char c) {
        return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
