package dev.ep.targeting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A targeting compiled for the assignment hot path. Immutable and thread-safe; build it once per
 * configuration snapshot. {@link #matches} allocates nothing for ordinary inputs: attributes are
 * looked up with {@link Map#get}, numbers are read without allocation ({@link NumberText}), list
 * membership is a hash lookup (strings) or a binary search (numbers), and {@code all}/{@code any}
 * short-circuit over arrays. Semantics are those of {@link Semantics}; {@link #explain} evaluates
 * the same rule by plain interpretation, so the two cross-check each other in the tests.
 */
public final class CompiledTargeting {

    private final Targeting source;
    private final Set<String> pages;
    private final Node root;

    private CompiledTargeting(Targeting source) {
        this.source = source;
        this.pages = Set.copyOf(source.pages());
        this.root = compile(source.rule());
    }

    public static CompiledTargeting compile(Targeting targeting) {
        if (targeting == null) {
            throw new IllegalArgumentException("targeting must not be null");
        }
        return new CompiledTargeting(targeting);
    }

    public Targeting source() {
        return source;
    }

    /** The page test and the rule; {@code page} may be {@code null} (no page given). */
    public boolean matches(String page, Map<String, String> attributes) {
        return pageMatches(page) && ruleMatches(attributes);
    }

    /** No pages listed: every page (and no page) matches; otherwise the page must be listed. */
    public boolean pageMatches(String page) {
        return pages.isEmpty() || (page != null && pages.contains(page));
    }

    /** The rule alone; a {@code null} map is an empty one. Never throws for any map of strings. */
    public boolean ruleMatches(Map<String, String> attributes) {
        return root.test(attributes == null ? Map.of() : attributes);
    }

    /**
     * The attributes absent from {@code attributes} (or {@code null} in it) whose values could change the rule's
     * result, sorted; empty when the attributes present already decide the rule. For a re-derivation that must tell
     * "not targeted" from "not told enough": a rule that failed only because the client left out an attribute names
     * it here. Evaluates the rule with absent attributes as unknown (three-valued logic); the matching semantics are
     * unchanged. Not for the hot path (allocates).
     */
    public Set<String> undecidedAttributes(Map<String, String> attributes) {
        return PartialEvaluation.undecided(source.rule(), attributes == null ? Map.of() : attributes);
    }

    /** Evaluates every node (no short-circuit) and reports each node's result. */
    public TargetingExplanation explain(String page, Map<String, String> attributes) {
        Map<String, String> attrs = attributes == null ? Map.of() : attributes;
        boolean pageMatched = pageMatches(page);
        RuleExplanation rule = explain(source.rule(), "rule", attrs);
        return new TargetingExplanation(pageMatched && rule.result(), pageMatched,
                Optional.ofNullable(page), source.pages(), rule);
    }

    private static RuleExplanation explain(Rule rule, String path, Map<String, String> attrs) {
        if (rule instanceof Rule.All || rule instanceof Rule.Any) {
            boolean isAll = rule instanceof Rule.All;
            List<Rule> rules = isAll ? ((Rule.All) rule).rules() : ((Rule.Any) rule).rules();
            String op = isAll ? "all" : "any";
            List<RuleExplanation> children = new ArrayList<>(rules.size());
            boolean result = isAll;
            for (int i = 0; i < rules.size(); i++) {
                RuleExplanation child = explain(rules.get(i), path + "." + op + "[" + i + "]", attrs);
                children.add(child);
                result = isAll ? result && child.result() : result || child.result();
            }
            return new RuleExplanation(path, op, result, Optional.empty(), Optional.empty(),
                    Optional.empty(), children);
        }
        if (rule instanceof Rule.Not not) {
            RuleExplanation child = explain(not.rule(), path + ".not", attrs);
            return new RuleExplanation(path, "not", !child.result(), Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of(child));
        }
        if (rule instanceof Rule.Comparison c) {
            String actual = attrs.get(c.attribute());
            return new RuleExplanation(path, c.op().jsonName(), Semantics.comparison(c, actual),
                    Optional.of(c.attribute()), Optional.ofNullable(actual),
                    Optional.of(TargetingWriter.write(c.value())), List.of());
        }
        if (rule instanceof Rule.Membership m) {
            String actual = attrs.get(m.attribute());
            StringBuilder expected = new StringBuilder("[");
            for (Value v : m.values()) {
                expected.append(expected.length() > 1 ? "," : "").append(TargetingWriter.write(v));
            }
            return new RuleExplanation(path, m.op().jsonName(), Semantics.membership(m, actual),
                    Optional.of(m.attribute()), Optional.ofNullable(actual),
                    Optional.of(expected.append(']').toString()), List.of());
        }
        Rule.Exists e = (Rule.Exists) rule;
        String actual = attrs.get(e.attribute());
        return new RuleExplanation(path, "exists", actual != null, Optional.of(e.attribute()),
                Optional.ofNullable(actual), Optional.empty(), List.of());
    }

    // ---------------------------------------------------------------- compilation

    private static Node compile(Rule rule) {
        if (rule instanceof Rule.All all) {
            return all.rules().isEmpty() ? Constant.TRUE : new AllNode(compileAll(all.rules()));
        }
        if (rule instanceof Rule.Any any) {
            return any.rules().isEmpty() ? Constant.FALSE : new AnyNode(compileAll(any.rules()));
        }
        if (rule instanceof Rule.Not not) {
            return new NotNode(compile(not.rule()));
        }
        if (rule instanceof Rule.Comparison c) {
            if (c.op().ordering()) {
                return new OrderNode(c.attribute(), c.op(), ((Value.Num) c.value()).value());
            }
            boolean negate = c.op() == ComparisonOp.NEQ;
            if (c.value() instanceof Value.Str s) {
                return new StringEqualsNode(c.attribute(), s.value(), negate);
            }
            return new NumberEqualsNode(c.attribute(), ((Value.Num) c.value()).value(), negate);
        }
        if (rule instanceof Rule.Membership m) {
            Set<String> strings = new HashSet<>();
            double[] numbers = new double[m.values().size()];
            int count = 0;
            for (Value v : m.values()) {
                if (v instanceof Value.Str s) {
                    strings.add(s.value());
                } else {
                    numbers[count++] = ((Value.Num) v).value();
                }
            }
            numbers = Arrays.copyOf(numbers, count);
            Arrays.sort(numbers);
            return new InNode(m.attribute(), Set.copyOf(strings), numbers, m.op() == MembershipOp.NOT_IN);
        }
        if (rule instanceof Rule.Exists e) {
            return new ExistsNode(e.attribute());
        }
        throw new IllegalStateException("unknown rule " + rule);
    }

    private static Node[] compileAll(List<Rule> rules) {
        Node[] nodes = new Node[rules.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = compile(rules.get(i));
        }
        return nodes;
    }

    private abstract static class Node {
        abstract boolean test(Map<String, String> attributes);
    }

    private static final class Constant extends Node {
        static final Constant TRUE = new Constant(true);
        static final Constant FALSE = new Constant(false);
        private final boolean value;

        private Constant(boolean value) {
            this.value = value;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            return value;
        }
    }

    private static final class AllNode extends Node {
        private final Node[] children;

        AllNode(Node[] children) {
            this.children = children;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            for (Node child : children) {
                if (!child.test(attributes)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class AnyNode extends Node {
        private final Node[] children;

        AnyNode(Node[] children) {
            this.children = children;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            for (Node child : children) {
                if (child.test(attributes)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class NotNode extends Node {
        private final Node child;

        NotNode(Node child) {
            this.child = child;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            return !child.test(attributes);
        }
    }

    private static final class ExistsNode extends Node {
        private final String attribute;

        ExistsNode(String attribute) {
            this.attribute = attribute;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            return attributes.get(attribute) != null;
        }
    }

    private static final class StringEqualsNode extends Node {
        private final String attribute;
        private final String value;
        private final boolean negate;

        StringEqualsNode(String attribute, String value, boolean negate) {
            this.attribute = attribute;
            this.value = value;
            this.negate = negate;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            String actual = attributes.get(attribute);
            return actual != null && value.equals(actual) != negate;
        }
    }

    private static final class NumberEqualsNode extends Node {
        private final String attribute;
        private final double value;
        private final boolean negate;

        NumberEqualsNode(String attribute, double value, boolean negate) {
            this.attribute = attribute;
            this.value = value;
            this.negate = negate;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            String actual = attributes.get(attribute);
            return actual != null && (NumberText.parse(actual) == value) != negate;
        }
    }

    private static final class OrderNode extends Node {
        private final String attribute;
        private final ComparisonOp op;
        private final double value;

        OrderNode(String attribute, ComparisonOp op, double value) {
            this.attribute = attribute;
            this.op = op;
            this.value = value;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            String actual = attributes.get(attribute);
            if (actual == null) {
                return false;
            }
            double a = NumberText.parse(actual);
            return a == a && op.compare(a, value);
        }
    }

    private static final class InNode extends Node {
        private final String attribute;
        private final Set<String> strings;
        private final double[] numbers;
        private final boolean negate;

        InNode(String attribute, Set<String> strings, double[] numbers, boolean negate) {
            this.attribute = attribute;
            this.strings = strings;
            this.numbers = numbers;
            this.negate = negate;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            String actual = attributes.get(attribute);
            if (actual == null) {
                return false;
            }
            boolean found = strings.contains(actual);
            if (!found && numbers.length > 0) {
                double a = NumberText.parse(actual) + 0.0d; // -0.0 becomes 0.0, as in the literals
                found = a == a && Arrays.binarySearch(numbers, a) >= 0;
            }
            return found != negate;
        }
    }
}
