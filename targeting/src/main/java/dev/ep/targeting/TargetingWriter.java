package dev.ep.targeting;

import java.util.List;

/**
 * Writes the canonical JSON of a targeting or rule: no whitespace, members in a fixed order
 * ({@code pages} then {@code rule}; {@code attribute} then {@code value}/{@code values}), pages
 * sorted, every member present, integral numbers below 10^15 without a fraction, other numbers
 * as {@link Double#toString(double)}. {@code TargetingParser.parse(write(t)).equals(t)} holds for
 * every targeting, and equal targetings have identical text, so the text can be hashed.
 */
public final class TargetingWriter {

    private TargetingWriter() {
    }

    public static String write(Targeting targeting) {
        StringBuilder out = new StringBuilder(64);
        out.append("{\"pages\":[");
        List<String> pages = targeting.pages();
        for (int i = 0; i < pages.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, pages.get(i));
        }
        out.append("],\"rule\":");
        rule(out, targeting.rule());
        return out.append('}').toString();
    }

    public static String write(Rule rule) {
        StringBuilder out = new StringBuilder(64);
        rule(out, rule);
        return out.toString();
    }

    /** The canonical text of one literal (used by explanations too). */
    static String write(Value value) {
        StringBuilder out = new StringBuilder(16);
        value(out, value);
        return out.toString();
    }

    private static void rule(StringBuilder out, Rule rule) {
        if (rule instanceof Rule.All all) {
            list(out, "all", all.rules());
        } else if (rule instanceof Rule.Any any) {
            list(out, "any", any.rules());
        } else if (rule instanceof Rule.Not not) {
            out.append("{\"not\":");
            rule(out, not.rule());
            out.append('}');
        } else if (rule instanceof Rule.Comparison c) {
            out.append("{\"").append(c.op().jsonName()).append("\":{\"attribute\":");
            string(out, c.attribute());
            out.append(",\"value\":");
            value(out, c.value());
            out.append("}}");
        } else if (rule instanceof Rule.Membership m) {
            out.append("{\"").append(m.op().jsonName()).append("\":{\"attribute\":");
            string(out, m.attribute());
            out.append(",\"values\":[");
            for (int i = 0; i < m.values().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, m.values().get(i));
            }
            out.append("]}}");
        } else if (rule instanceof Rule.Exists e) {
            out.append("{\"exists\":{\"attribute\":");
            string(out, e.attribute());
            out.append("}}");
        } else {
            throw new IllegalStateException("unknown rule " + rule);
        }
    }

    private static void list(StringBuilder out, String op, List<Rule> rules) {
        out.append("{\"").append(op).append("\":[");
        for (int i = 0; i < rules.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            rule(out, rules.get(i));
        }
        out.append("]}");
    }

    private static void value(StringBuilder out, Value value) {
        if (value instanceof Value.Str s) {
            string(out, s.value());
        } else {
            double d = ((Value.Num) value).value();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append((long) d);
            } else {
                out.append(d);
            }
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
