package dev.ep.targeting;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule compiled to a tree of nodes, evaluated two ways with one definition of each leaf ({@link Leaf#decide}): over
 * an attribute map ({@link CompiledTargeting}, one rule at a time) and over a request context compiled once for a
 * whole snapshot's rules ({@link TargetingSet.Context}: attributes by number, numbers parsed once). The semantics are
 * {@link Semantics}'; the tests cross-check both forms against it.
 */
abstract sealed class RuleNode {

    abstract boolean test(Map<String, String> attributes);

    abstract boolean test(TargetingSet.Context context);

    /** Compiles {@code rule}, numbering its attributes in {@code attributes}. */
    static RuleNode compile(Rule rule, AttributeIds attributes) {
        return compile(rule, attributes, new HashMap<>(), Map.of());
    }

    /**
     * Compiles {@code rule}, numbering its attributes in {@code attributes} and sharing subtrees: a subrule equal to
     * one compiled before with the same {@code nodes} (and the same {@code attributes}) is that node, not a copy.
     * Nodes are immutable and stateless, so sharing changes no result; it keeps the compiled rules of a snapshot
     * small (1,000 rules that differ in one clause share the other clauses' nodes), and so in the CPU cache. A
     * subrule with a slot in {@code remembered} is evaluated through that memo slot of the {@link TargetingSet.Context}
     * (at most once per request); evaluated over a map, it is evaluated as usual.
     */
    static RuleNode compile(Rule rule, AttributeIds attributes, Map<Rule, RuleNode> nodes,
            Map<Rule, Integer> remembered) {
        RuleNode known = nodes.get(rule);
        if (known != null) {
            return known;
        }
        RuleNode node = compileNew(rule, attributes, nodes, remembered);
        Integer slot = remembered.get(rule);
        if (slot != null) {
            node = new Remembered(node, slot);
        }
        nodes.put(rule, node);
        return node;
    }

    /**
     * Counts {@code rule} and its subrules into {@code occurrences}; the subrules of a rule counted before are not
     * counted again (a clause inside a shared clause is evaluated through that one, so it counts once).
     */
    static void countSubrules(Rule rule, Map<Rule, Integer> occurrences) {
        if (occurrences.merge(rule, 1, Integer::sum) > 1) {
            return;
        }
        if (rule instanceof Rule.All all) {
            all.rules().forEach(r -> countSubrules(r, occurrences));
        } else if (rule instanceof Rule.Any any) {
            any.rules().forEach(r -> countSubrules(r, occurrences));
        } else if (rule instanceof Rule.Not not) {
            countSubrules(not.rule(), occurrences);
        }
    }

    /** A constant ({@code all []}, {@code any []}) costs less than a memo lookup; anything else may be shared. */
    static boolean worthRemembering(Rule rule) {
        return !(rule instanceof Rule.All all && all.rules().isEmpty())
                && !(rule instanceof Rule.Any any && any.rules().isEmpty());
    }

    private static RuleNode compileNew(Rule rule, AttributeIds attributes, Map<Rule, RuleNode> nodes,
            Map<Rule, Integer> remembered) {
        if (rule instanceof Rule.All all) {
            return all.rules().isEmpty() ? Constant.TRUE
                    : new AllNode(compileAll(all.rules(), attributes, nodes, remembered));
        }
        if (rule instanceof Rule.Any any) {
            return any.rules().isEmpty() ? Constant.FALSE
                    : new AnyNode(compileAll(any.rules(), attributes, nodes, remembered));
        }
        if (rule instanceof Rule.Not not) {
            return new NotNode(compile(not.rule(), attributes, nodes, remembered));
        }
        if (rule instanceof Rule.Comparison c) {
            if (c.op().ordering()) {
                return new OrderNode(attributes, c.attribute(), c.op(), ((Value.Num) c.value()).value());
            }
            boolean negate = c.op() == ComparisonOp.NEQ;
            if (c.value() instanceof Value.Str s) {
                return new StringEqualsNode(attributes, c.attribute(), s.value(), negate);
            }
            return new NumberEqualsNode(attributes, c.attribute(), ((Value.Num) c.value()).value(), negate);
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
            return new InNode(attributes, m.attribute(), Set.copyOf(strings), numbers,
                    m.op() == MembershipOp.NOT_IN);
        }
        if (rule instanceof Rule.Exists e) {
            return new ExistsNode(attributes, e.attribute());
        }
        throw new IllegalStateException("unknown rule " + rule);
    }

    private static RuleNode[] compileAll(List<Rule> rules, AttributeIds attributes, Map<Rule, RuleNode> nodes,
            Map<Rule, Integer> remembered) {
        RuleNode[] compiled = new RuleNode[rules.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = compile(rules.get(i), attributes, nodes, remembered);
        }
        return compiled;
    }

    /** A subrule several rules of a {@link TargetingSet} share: evaluated at most once per request context. */
    private static final class Remembered extends RuleNode {
        private final RuleNode node;
        private final int slot;

        Remembered(RuleNode node, int slot) {
            this.node = node;
            this.slot = slot;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            return node.test(attributes);
        }

        @Override
        boolean test(TargetingSet.Context context) {
            return context.remembered(slot, node);
        }
    }

    private static final class Constant extends RuleNode {
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

        @Override
        boolean test(TargetingSet.Context context) {
            return value;
        }
    }

    private static final class AllNode extends RuleNode {
        private final RuleNode[] children;

        AllNode(RuleNode[] children) {
            this.children = children;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            for (RuleNode child : children) {
                if (!child.test(attributes)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        boolean test(TargetingSet.Context context) {
            for (RuleNode child : children) {
                if (!child.test(context)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class AnyNode extends RuleNode {
        private final RuleNode[] children;

        AnyNode(RuleNode[] children) {
            this.children = children;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            for (RuleNode child : children) {
                if (child.test(attributes)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean test(TargetingSet.Context context) {
            for (RuleNode child : children) {
                if (child.test(context)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class NotNode extends RuleNode {
        private final RuleNode child;

        NotNode(RuleNode child) {
            this.child = child;
        }

        @Override
        boolean test(Map<String, String> attributes) {
            return !child.test(attributes);
        }

        @Override
        boolean test(TargetingSet.Context context) {
            return !child.test(context);
        }
    }

    /**
     * A test of one attribute: the attribute's text ({@code null} when missing) and, for a leaf that reads numbers,
     * the text read by {@link NumberText} ({@code NaN} when missing or not a number) decide it.
     */
    abstract static sealed class Leaf extends RuleNode {
        private final String attribute;
        private final int id;
        private final boolean numeric;

        Leaf(AttributeIds attributes, String attribute, boolean numeric) {
            this.attribute = attribute;
            this.id = attributes.id(attribute, numeric);
            this.numeric = numeric;
        }

        /** The leaf's result; {@code number} is {@code NaN} unless the leaf reads numbers. */
        abstract boolean decide(String actual, double number);

        @Override
        final boolean test(Map<String, String> attributes) {
            String actual = attributes.get(attribute);
            return decide(actual, numeric && actual != null ? NumberText.parse(actual) : Double.NaN);
        }

        @Override
        final boolean test(TargetingSet.Context context) {
            int slot = context.slot(id);
            return slot < 0 ? decide(null, Double.NaN) : decide(context.text(slot), context.number(slot));
        }
    }

    private static final class ExistsNode extends Leaf {
        ExistsNode(AttributeIds attributes, String attribute) {
            super(attributes, attribute, false);
        }

        @Override
        boolean decide(String actual, double number) {
            return actual != null;
        }
    }

    private static final class StringEqualsNode extends Leaf {
        private final String value;
        private final boolean negate;

        StringEqualsNode(AttributeIds attributes, String attribute, String value, boolean negate) {
            super(attributes, attribute, false);
            this.value = value;
            this.negate = negate;
        }

        @Override
        boolean decide(String actual, double number) {
            return actual != null && value.equals(actual) != negate;
        }
    }

    private static final class NumberEqualsNode extends Leaf {
        private final double value;
        private final boolean negate;

        NumberEqualsNode(AttributeIds attributes, String attribute, double value, boolean negate) {
            super(attributes, attribute, true);
            this.value = value;
            this.negate = negate;
        }

        @Override
        boolean decide(String actual, double number) {
            return actual != null && (number == value) != negate;
        }
    }

    private static final class OrderNode extends Leaf {
        private final ComparisonOp op;
        private final double value;

        OrderNode(AttributeIds attributes, String attribute, ComparisonOp op, double value) {
            super(attributes, attribute, true);
            this.op = op;
            this.value = value;
        }

        @Override
        boolean decide(String actual, double number) {
            return number == number && op.compare(number, value);
        }
    }

    private static final class InNode extends Leaf {
        private final Set<String> strings;
        private final double[] numbers;
        private final boolean negate;

        InNode(AttributeIds attributes, String attribute, Set<String> strings, double[] numbers, boolean negate) {
            super(attributes, attribute, numbers.length > 0);
            this.strings = strings;
            this.numbers = numbers;
            this.negate = negate;
        }

        @Override
        boolean decide(String actual, double number) {
            if (actual == null) {
                return false;
            }
            boolean found = strings.contains(actual);
            if (!found && numbers.length > 0) {
                double a = number + 0.0d; // -0.0 becomes 0.0, as in the literals
                found = a == a && Arrays.binarySearch(numbers, a) >= 0;
            }
            return found != negate;
        }
    }
}
