package dev.ep.targeting;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The abstract syntax of a targeting rule. Every record validates itself; a rule that exists is
 * well-formed (the whole-tree limits on depth and node count are checked by {@link Targeting} and
 * {@link #validateTree(Rule)}).
 *
 * <p>JSON form (see {@link TargetingParser}): {@code {"all":[r...]}}, {@code {"any":[r...]}},
 * {@code {"not":r}}, {@code {"eq":{"attribute":"a","value":"x"}}} (also {@code neq}, {@code gt},
 * {@code gte}, {@code lt}, {@code lte}), {@code {"in":{"attribute":"a","values":["x",1]}}} (also
 * {@code not_in}) and {@code {"exists":{"attribute":"a"}}}.
 */
public sealed interface Rule {

    /** The rule that matches everything: {@code all} of nothing. */
    Rule ALWAYS = new All(List.of());

    /** Attribute names: a letter or underscore, then letters, digits, {@code _ . -}. */
    Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    /** True when every child is true; {@code all []} is true. */
    record All(List<Rule> rules) implements Rule {
        public All {
            rules = children("all", rules);
        }
    }

    /** True when some child is true; {@code any []} is false. */
    record Any(List<Rule> rules) implements Rule {
        public Any {
            rules = children("any", rules);
        }
    }

    /** Logical negation: exactly {@code !rule}, also for missing attributes. */
    record Not(Rule rule) implements Rule {
        public Not {
            if (rule == null) {
                throw new IllegalArgumentException("not needs a rule");
            }
        }
    }

    /**
     * {@code attribute op value}. Ordering operators need a number literal. Missing attribute: false
     * for every operator, {@code neq} included ({@code neq} means "present and different").
     */
    record Comparison(ComparisonOp op, String attribute, Value value) implements Rule {
        public Comparison {
            if (op == null || value == null) {
                throw new IllegalArgumentException("comparison needs an operator and a value");
            }
            checkAttribute(attribute);
            if (op.ordering() && !(value instanceof Value.Num)) {
                throw new IllegalArgumentException(op.jsonName() + " needs a number value");
            }
        }
    }

    /**
     * {@code attribute in values} or {@code not_in}. Missing attribute: false for both
     * ({@code not_in} means "present and none of").
     */
    record Membership(MembershipOp op, String attribute, List<Value> values) implements Rule {
        public Membership {
            if (op == null || values == null) {
                throw new IllegalArgumentException("membership needs an operator and values");
            }
            checkAttribute(attribute);
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException(op.jsonName() + " needs at least one value");
            }
            if (values.size() > Limits.MAX_LIST_VALUES) {
                throw new IllegalArgumentException(op.jsonName() + " has " + values.size()
                        + " values, at most " + Limits.MAX_LIST_VALUES + " allowed");
            }
        }
    }

    /** True when the attribute is present (an empty string is present). */
    record Exists(String attribute) implements Rule {
        public Exists {
            checkAttribute(attribute);
        }
    }

    /**
     * Checks the whole-tree limits (depth, node count, total list values).
     *
     * @throws IllegalArgumentException naming the exceeded limit
     */
    static void validateTree(Rule rule) {
        int[] counts = new int[2]; // nodes, values
        walk(rule, 1, counts);
    }

    private static void walk(Rule rule, int depth, int[] counts) {
        if (depth > Limits.MAX_DEPTH) {
            throw new IllegalArgumentException("rule is nested deeper than " + Limits.MAX_DEPTH + " levels");
        }
        if (++counts[0] > Limits.MAX_NODES) {
            throw new IllegalArgumentException("rule has more than " + Limits.MAX_NODES + " nodes");
        }
        if (rule instanceof All all) {
            for (Rule r : all.rules()) {
                walk(r, depth + 1, counts);
            }
        } else if (rule instanceof Any any) {
            for (Rule r : any.rules()) {
                walk(r, depth + 1, counts);
            }
        } else if (rule instanceof Not not) {
            walk(not.rule(), depth + 1, counts);
        } else if (rule instanceof Membership m) {
            counts[1] += m.values().size();
            if (counts[1] > Limits.MAX_TOTAL_VALUES) {
                throw new IllegalArgumentException("rule has more than " + Limits.MAX_TOTAL_VALUES
                        + " list values in total");
            }
        }
    }

    private static List<Rule> children(String op, List<Rule> rules) {
        if (rules == null) {
            throw new IllegalArgumentException(op + " needs a list of rules");
        }
        List<Rule> copy = List.copyOf(rules);
        if (copy.size() > Limits.MAX_CHILDREN) {
            throw new IllegalArgumentException(op + " has " + copy.size() + " rules, at most "
                    + Limits.MAX_CHILDREN + " allowed");
        }
        return copy;
    }

    private static void checkAttribute(String attribute) {
        if (attribute == null || attribute.isEmpty()) {
            throw new IllegalArgumentException("attribute must not be empty");
        }
        if (attribute.length() > Limits.MAX_ATTRIBUTE_LENGTH) {
            throw new IllegalArgumentException("attribute is " + attribute.length()
                    + " characters long, at most " + Limits.MAX_ATTRIBUTE_LENGTH + " allowed");
        }
        if (!ATTRIBUTE_NAME.matcher(attribute).matches()) {
            throw new IllegalArgumentException("attribute '" + attribute
                    + "' must start with a letter or '_' and contain only letters, digits, '_', '.', '-'");
        }
    }
}
