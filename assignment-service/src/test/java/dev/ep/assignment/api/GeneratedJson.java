package dev.ep.assignment.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated JSON bodies for codec equivalence tests: a small tree model (objects keep their field order and may hold
 * a key twice), written with random whitespace and random escaping, then made hostile on the tree (unknown fields,
 * duplicate keys, wrong types, nulls, huge numbers, deep nesting) or on the bytes (truncation, trailing data,
 * malformed UTF-8, another encoding, a byte-order mark, a different root).
 */
public final class GeneratedJson {

    /** A JSON object: fields in order, a name may appear twice. */
    public record Obj(List<Map.Entry<String, Object>> fields) {
        public static Obj of(Object... namesAndValues) {
            List<Map.Entry<String, Object>> fields = new ArrayList<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                fields.add(new java.util.AbstractMap.SimpleEntry<>((String) namesAndValues[i], namesAndValues[i + 1]));
            }
            return new Obj(fields);
        }
    }

    /** A JSON array. */
    public record Arr(List<Object> items) {
    }

    /** JSON text written as it is (numbers, literals, deep nesting). */
    public record Raw(String json) {
    }

    private static final String[] TEXTS = {"", "a", "s-123", "exp-1", "u-42", "checkout-button", "green", "DE",
        "quote\"d", "back\\slash", "new\nline", "tab\t", "nul\u0000", "\u001f", "caf\u00e9", "\u65e5\u672c",
        "emoji \ud83d\ude00", "lone \ud800", "lone \udc00 low", "slash/</script>", "\u2028\u2029", "\u007f",
        "2026-11-26T10:00:00Z", "EUR", "all", "x".repeat(200), "a:b@c", "1", "true", "null"};

    private static final String[] NUMBERS = {"0", "-0", "1", "42", "-7", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
        "1.5", "-0.0", "42.50", "19.999999999999999999", "1E+400", "1e3", "2.5E-10", "1.0", "0.1e1"};

    private GeneratedJson() {
    }

    public static String text(Random r) {
        return TEXTS[r.nextInt(TEXTS.length)] + (r.nextInt(4) == 0 ? Integer.toString(r.nextInt(1000)) : "");
    }

    public static Raw number(Random r) {
        return new Raw(NUMBERS[r.nextInt(NUMBERS.length)]);
    }

    /** A JSON object of scalar values (strings, numbers, booleans), as storefront attributes. */
    public static Obj scalars(Random r, int max) {
        int n = r.nextInt(max + 1);
        List<Map.Entry<String, Object>> fields = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            // Jackson refuses an unpaired surrogate in a name (a hostile case, made by the mutations)
            String name = r.nextInt(6) == 0 ? text(r).replace("\ud800", "").replace("\udc00", "") : "attr" + i;
            if (!names.add(name)) {
                continue;
            }
            Object value = switch (r.nextInt(4)) {
                case 0 -> number(r);
                case 1 -> new Raw(r.nextBoolean() ? "true" : "false");
                default -> text(r);
            };
            fields.add(new java.util.AbstractMap.SimpleEntry<>(name, value));
        }
        return new Obj(fields);
    }

    public static Arr strings(Random r, int max) {
        List<Object> items = new ArrayList<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            items.add(text(r));
        }
        return new Arr(items);
    }

    /** A value of another shape than a well-formed body has: what a hostile or careless client sends. */
    public static Object wrongValue(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> new Raw("null");
            case 1 -> number(r);
            case 2 -> new Raw(r.nextBoolean() ? "true" : "false");
            case 3 -> new Arr(List.of(text(r)));
            case 4 -> new Arr(List.of(number(r), new Raw("null")));
            case 5 -> Obj.of("x", text(r));
            case 6 -> Obj.of();
            case 7 -> new Raw("[".repeat(600) + "]".repeat(600));
            case 8 -> new Raw("{\"a\":".repeat(300) + "1" + "}".repeat(300));
            case 9 -> new Raw("1" + "0".repeat(1200));
            case 10 -> new Raw("1." + "5".repeat(1200));
            default -> new Arr(List.of(new Raw("null")));
        };
    }

    /**
     * Makes {@code body} hostile on the tree: one of its objects (found by {@code objects}) gets an unknown field, a
     * key twice, a wrong value, a null, a field dropped, or its fields shuffled.
     */
    public static void mutateTree(Random r, List<Obj> objects) {
        Obj target = objects.get(r.nextInt(objects.size()));
        List<Map.Entry<String, Object>> fields = target.fields();
        switch (r.nextInt(6)) {
            case 0 -> fields.add(r.nextInt(fields.size() + 1),
                    new java.util.AbstractMap.SimpleEntry<>(r.nextBoolean() ? "unknownField" : text(r), text(r)));
            case 1 -> {
                if (!fields.isEmpty()) {
                    var e = fields.get(r.nextInt(fields.size()));
                    fields.add(r.nextInt(fields.size() + 1), new java.util.AbstractMap.SimpleEntry<>(e.getKey(),
                            r.nextBoolean() ? e.getValue() : text(r)));
                }
            }
            case 2, 3 -> {
                if (!fields.isEmpty()) {
                    fields.get(r.nextInt(fields.size())).setValue(r.nextInt(3) == 0 ? new Raw("null")
                            : wrongValue(r));
                }
            }
            case 4 -> {
                if (!fields.isEmpty()) {
                    fields.remove(r.nextInt(fields.size()));
                }
            }
            default -> Collections.shuffle(fields, r);
        }
    }

    /** Every object in the tree, the root first. */
    public static List<Obj> objects(Object tree) {
        List<Obj> out = new ArrayList<>();
        collect(tree, out);
        return out;
    }

    private static void collect(Object v, List<Obj> out) {
        if (v instanceof Obj o) {
            out.add(o);
            o.fields().forEach(e -> collect(e.getValue(), out));
        } else if (v instanceof Arr a) {
            a.items().forEach(i -> collect(i, out));
        }
    }

    /** The tree as UTF-8 JSON, with random whitespace and escapes. */
    public static byte[] write(Object tree, Random r) {
        StringBuilder out = new StringBuilder();
        write(tree, r, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object v, Random r, StringBuilder out) {
        space(r, out);
        if (v instanceof Obj o) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : o.fields()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                space(r, out);
                string(e.getKey(), r, out);
                space(r, out);
                out.append(':');
                write(e.getValue(), r, out);
            }
            space(r, out);
            out.append('}');
        } else if (v instanceof Arr a) {
            out.append('[');
            for (int i = 0; i < a.items().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(a.items().get(i), r, out);
            }
            space(r, out);
            out.append(']');
        } else if (v instanceof Raw raw) {
            out.append(raw.json());
        } else if (v instanceof String s) {
            string(s, r, out);
        } else {
            throw new IllegalArgumentException(String.valueOf(v));
        }
        space(r, out);
    }

    private static void space(Random r, StringBuilder out) {
        if (r.nextInt(8) == 0) {
            out.append(" \n\t\r".charAt(r.nextInt(4)));
        }
    }

    private static void string(String s, Random r, StringBuilder out) {
        out.append('"');
        boolean escapeAll = r.nextInt(10) == 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || escapeAll || Character.isSurrogate(c) && !validPair(s, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (c == '/' && r.nextBoolean()) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Makes the bytes hostile: truncated, trailing data, malformed UTF-8, another encoding or root, a BOM. */
    public static byte[] mutateBytes(byte[] body, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (r.nextInt(10)) {
            case 0 -> out.write(body, 0, r.nextInt(body.length + 1));
            case 1 -> {
                out.writeBytes(body);
                String[] trailing = {" {}", "x", "]", "}", " 1", ",", "\u0000", " null", "{\"sessionId\":\"b\"}",
                    " \n "};
                out.writeBytes(trailing[r.nextInt(trailing.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 2, 3 -> {
                byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC3}};
                int at = r.nextInt(body.length + 1);
                out.write(body, 0, at);
                out.writeBytes(bad[r.nextInt(bad.length)]);
                int skip = r.nextBoolean() ? 1 : 0;
                if (at + skip <= body.length) {
                    out.write(body, at + skip, body.length - at - skip);
                }
            }
            case 4 -> {
                out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                out.writeBytes(body);
            }
            case 5 -> out.writeBytes(new String(body, StandardCharsets.UTF_8).getBytes(r.nextBoolean()
                    ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE));
            case 6 -> {
                String[] roots = {"", " ", "null", "[]", "\"text\"", "42", "[" + new String(body,
                        StandardCharsets.UTF_8) + "]", "{", "}", "{\"a\"}", "{,}", "{'sessionId':'a'}"};
                out.writeBytes(roots[r.nextInt(roots.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 7 -> {
                out.writeBytes(body);
                if (body.length > 0) {
                    byte[] b = out.toByteArray();
                    String structural = "{}[]\":,\\ a0";
                    b[r.nextInt(b.length)] = (byte) structural.charAt(r.nextInt(structural.length()));
                    return b;
                }
            }
            case 8 -> {
                out.writeBytes("/* c */".getBytes(StandardCharsets.UTF_8));
                out.writeBytes(body);
            }
            default -> {
                out.writeBytes(body);
                if (body.length > 2) {
                    byte[] b = out.toByteArray();
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    return b;
                }
            }
        }
        return out.toByteArray();
    }
}
