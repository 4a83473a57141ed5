package dev.ep.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Hostile request bodies: whole ones, and one hostile value put into an endpoint's typical JSON body. */
final class Bodies {

    private Bodies() {
    }

    /** A body that has nothing to do with the endpoint. */
    static byte[] hostile(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> bytes(random, random.nextInt(4_000), 0, 0xff);
            case 1 -> utf8("{\"a\":".repeat(1 + random.nextInt(5_000)) + "1" + "}".repeat(random.nextInt(5_000)));
            case 2 -> utf8("[".repeat(1 + random.nextInt(10_000)) + "]".repeat(random.nextInt(10_000)));
            case 3 -> utf8(pick(random, HostileRequests.SCALARS));
            case 4 -> new byte[0];
            case 5 -> utf8("{\"x\":\"" + "y".repeat(random.nextInt(400_000)) + "\"}");
            case 6 -> latin1("{\"x\":\"" + text(random, 1 + random.nextInt(50), 0x80, 0xff) + "\"}");
            case 7 -> utf8(pick(random, new String[] {"[]", "null", "7", "\"x\"", "{}", "{,}", "{\"a\":1,}",
                    "{\"a\" 1}", "{'a':1}", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing", "\ufeff{}", "{\"\":1}",
                    "{\"a\":1,\"a\":2}", "/* c */ {}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":\"\\x41\"}",
                    "{\"a\":\"\\u12\"}"}));
            case 8 -> utf8("a=%ED%A0%80&b=%C0%AF&c=%FF&" + "d=1&".repeat(random.nextInt(2_000)));
            case 9 -> utf8("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                    + text(random, random.nextInt(100), 0x20, 0x7e) + (random.nextBoolean() ? "\r\n--xyz--\r\n" : ""));
            case 10 -> utf16("{\"a\":\"b\"}");
            case 11 -> utf8("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>");
            case 12 -> utf8(deepValue(random));
            default -> latin1(text(random, random.nextInt(300), 0x00, 0x7f));
        };
    }

    /**
     * The typical body with one scalar value (a string, number, literal) replaced by a hostile one, or cut short, or
     * with a duplicate or unknown key, or with a value nested thousands of levels deep.
     */
    static byte[] mutateJson(String json, Random random) {
        List<int[]> scalars = scalars(json);
        switch (random.nextInt(6)) {
            case 0 -> {
                return utf8(json.substring(0, random.nextInt(json.length() + 1)));
            }
            case 1 -> {
                int brace = json.indexOf('{');
                return brace < 0 ? utf8(json) : utf8(json.substring(0, brace + 1) + "\"zz" + random.nextInt(9)
                        + "\":1," + json.substring(brace + 1));
            }
            case 2 -> {
                if (!scalars.isEmpty()) {
                    int[] at = scalars.get(random.nextInt(scalars.size()));
                    return utf8(json.substring(0, at[0]) + deepValue(random) + json.substring(at[1]));
                }
                return utf8(deepValue(random));
            }
            default -> {
                if (scalars.isEmpty()) {
                    return utf8(json + pick(random, HostileRequests.SCALARS));
                }
                int[] at = scalars.get(random.nextInt(scalars.size()));
                String value = random.nextInt(5) == 0 ? "\"" + "x".repeat(random.nextInt(70_000)) + "\""
                        : pick(random, HostileRequests.SCALARS);
                return latin1OrUtf8(json.substring(0, at[0]) + value + json.substring(at[1]));
            }
        }
    }

    /** A value nested thousands of levels deep (arrays or objects). */
    private static String deepValue(Random random) {
        int depth = 1 + random.nextInt(6_000);
        return random.nextBoolean() ? "[".repeat(depth) + "1" + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** Start and end offsets of the scalar values (after a colon, or inside an array) in a JSON text. */
    static List<int[]> scalars(String json) {
        List<int[]> found = new ArrayList<>();
        int i = 0;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = stringEnd(json, i);
                int next = skipSpace(json, end);
                if (next >= json.length() || json.charAt(next) != ':') {
                    found.add(new int[] {i, end});
                }
                i = end;
            } else if (c == '-' || Character.isDigit(c) || json.startsWith("true", i) || json.startsWith("false", i)
                    || json.startsWith("null", i)) {
                int end = i;
                while (end < json.length() && ",}] \n\t\r".indexOf(json.charAt(end)) < 0) {
                    end++;
                }
                found.add(new int[] {i, end});
                i = end;
            } else {
                i++;
            }
        }
        return found;
    }

    private static int stringEnd(String json, int quote) {
        int i = quote + 1;
        while (i < json.length() && json.charAt(i) != '"') {
            i += json.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, json.length());
    }

    private static int skipSpace(String json, int from) {
        int i = from;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code length} bytes from {@code from} to {@code to} (inclusive). */
    static byte[] bytes(Random random, int length, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        for (int i = 0; i < length; i++) {
            out.write(from + random.nextInt(to - from + 1));
        }
        return out.toByteArray();
    }

    /** The same as chars, one per byte. */
    static String text(Random random, int length, int from, int to) {
        return new String(bytes(random, length, from, to), StandardCharsets.ISO_8859_1);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Raw bytes where the text holds them (the {@code \u00c0\u00af} scalars), UTF-8 otherwise. */
    private static byte[] latin1OrUtf8(String text) {
        return text.chars().allMatch(c -> c <= 0xff) ? latin1(text) : utf8(text);
    }
}
