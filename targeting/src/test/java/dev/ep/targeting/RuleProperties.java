package dev.ep.targeting;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of rules, targetings and attribute maps (not a test class). */
final class RuleProperties {

    static final List<String> ATTRIBUTES = List.of("a", "b", "country", "cart.value", "_n");

    private RuleProperties() {
    }

    static Arbitrary<Targeting> targetings() {
        Arbitrary<List<String>> pages = Arbitraries.of("home", "cart", "product/42", "/checkout", "p:1")
                .list().uniqueElements().ofMaxSize(4);
        return Combinators.combine(pages, rules()).as(Targeting::new);
    }

    static Arbitrary<Rule> rules() {
        return rules(4);
    }

    private static Arbitrary<Rule> rules(int depth) {
        if (depth <= 1) {
            return leaves();
        }
        Arbitrary<Rule> smaller = Arbitraries.lazy(() -> rules(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaves()),
                net.jqwik.api.Tuple.of(1, smaller.list().ofMaxSize(3).map(Rule.All::new)),
                net.jqwik.api.Tuple.of(1, smaller.list().ofMaxSize(3).map(Rule.Any::new)),
                net.jqwik.api.Tuple.of(1, smaller.map(Rule.Not::new)));
    }

    static Arbitrary<Rule> leaves() {
        Arbitrary<String> attribute = Arbitraries.of(ATTRIBUTES);
        Arbitrary<Rule> ordering = Combinators.combine(
                Arbitraries.of(ComparisonOp.GT, ComparisonOp.GTE, ComparisonOp.LT, ComparisonOp.LTE),
                attribute, numbers()).as(Rule.Comparison::new);
        Arbitrary<Rule> equality = Combinators.combine(Arbitraries.of(ComparisonOp.EQ, ComparisonOp.NEQ),
                attribute, values()).as(Rule.Comparison::new);
        Arbitrary<Rule> membership = Combinators.combine(Arbitraries.of(MembershipOp.class), attribute,
                values().list().ofMinSize(1).ofMaxSize(5)).as(Rule.Membership::new);
        Arbitrary<Rule> exists = attribute.map(Rule.Exists::new);
        return Arbitraries.oneOf(ordering, equality, membership, exists);
    }

    static Arbitrary<Value> values() {
        return Arbitraries.oneOf(numbers(), strings().map(Value::of));
    }

    static Arbitrary<Value> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.of(0.0, -0.0, 1.0, -1.0, 1.5, 10.0, 19.99, 1e20, 1e-7, 123456789012345.0),
                Arbitraries.doubles().filter(Double::isFinite)).map(Value::of);
    }

    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "DE", "de", "1", "1.0", "-0", "10", "abc", "007", "1e3", "NaN"),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars("\"\\é€😀")
                        .ofMaxLength(12).filter(RuleProperties::wellFormed));
    }

    /** Attribute maps over the rule attributes and some others; values may be numbers, text or null. */
    static Arbitrary<Map<String, String>> attributeMaps() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(ATTRIBUTES),
                Arbitraries.strings().ofMaxLength(8));
        Arbitrary<String> values = Arbitraries.oneOf(strings(),
                Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.strings().ofMaxLength(300)).injectNull(0.1);
        return Arbitraries.entries(keys, values).list().ofMaxSize(8).map(entries -> {
            Map<String, String> map = new HashMap<>();
            entries.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
    }

    private static boolean wellFormed(String s) {
        try {
            Value.of(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
