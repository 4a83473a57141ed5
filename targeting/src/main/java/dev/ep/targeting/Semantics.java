package dev.ep.targeting;

import java.util.Map;

/**
 * The meaning of each leaf operator, written once and shared by the compiled evaluator and the
 * explaining interpreter. {@code actual} is the attribute's value, {@code null} when missing.
 *
 * <ul>
 *   <li>Missing attribute: every comparison and membership is false, {@code neq} and
 *       {@code not_in} included; only {@code not} turns it true. So {@code neq} reads "present and
 *       different", and {@code {"not":{"eq":...}}} reads "different or unknown".</li>
 *   <li>String literal: exact, case-sensitive string equality.</li>
 *   <li>Number literal: the attribute is read with {@link NumberText}; when it is not a number,
 *       {@code eq} is false, {@code neq} true (present and not equal), ordering false.</li>
 *   <li>{@code not_in} is "present and not in".</li>
 * </ul>
 */
final class Semantics {

    private Semantics() {
    }

    static boolean comparison(Rule.Comparison c, String actual) {
        if (actual == null) {
            return false;
        }
        ComparisonOp op = c.op();
        if (op.ordering()) {
            double a = NumberText.parse(actual);
            return a == a && op.compare(a, ((Value.Num) c.value()).value());
        }
        boolean equal = equal(c.value(), actual);
        return op == ComparisonOp.EQ ? equal : !equal;
    }

    static boolean membership(Rule.Membership m, String actual) {
        if (actual == null) {
            return false;
        }
        boolean found = false;
        for (Value v : m.values()) {
            if (equal(v, actual)) {
                found = true;
                break;
            }
        }
        return m.op() == MembershipOp.IN ? found : !found;
    }

    static boolean equal(Value literal, String actual) {
        if (literal instanceof Value.Str s) {
            return s.value().equals(actual);
        }
        return NumberText.parse(actual) == ((Value.Num) literal).value();
    }

    /** Plain recursive interpretation of a rule; the reference the compiled form must agree with. */
    static boolean evaluate(Rule rule, Map<String, String> attributes) {
        if (rule instanceof Rule.All all) {
            for (Rule r : all.rules()) {
                if (!evaluate(r, attributes)) {
                    return false;
                }
            }
            return true;
        }
        if (rule instanceof Rule.Any any) {
            for (Rule r : any.rules()) {
                if (evaluate(r, attributes)) {
                    return true;
                }
            }
            return false;
        }
        if (rule instanceof Rule.Not not) {
            return !evaluate(not.rule(), attributes);
        }
        if (rule instanceof Rule.Comparison c) {
            return comparison(c, attributes.get(c.attribute()));
        }
        if (rule instanceof Rule.Membership m) {
            return membership(m, attributes.get(m.attribute()));
        }
        if (rule instanceof Rule.Exists e) {
            return attributes.get(e.attribute()) != null;
        }
        throw new IllegalStateException("unknown rule " + rule);
    }
}
