package dev.ep.targeting;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of rules, targetings, values and attribute maps (not a test class).
 *
 * <p>Every generator builds valid values directly instead of filtering, so no example is ever
 * discarded; edge cases (±0, huge and tiny numbers, quotes, backslashes, non-BMP characters,
 * unpaired surrogates in attribute text, missing attributes) are mixed in explicitly because
 * QuickTheories draws uniformly.
 */
final class RuleProperties {

    static final List<String> ATTRIBUTES = List.of("a", "b", "country", "cart.value", "_n");

    /** Nesting depth of generated rules; the leaves are at depth {@value}. */
    static final int DEPTH = 4;

    private RuleProperties() {
    }

    static Gen<Targeting> targetings() {
        Gen<List<String>> pages = lists().of(arbitrary().pick("home", "cart", "product/42", "/checkout", "p:1"))
                .ofSizeBetween(0, 4)
                .map(picked -> List.copyOf(new LinkedHashSet<>(picked)));
        return pages.zip(rules(), Targeting::new);
    }

    static Gen<Rule> rules() {
        return rules(DEPTH);
    }

    /** A leaf four times as often as each of all/any/not, so trees stay small but reach full depth. */
    @SuppressWarnings("unchecked")
    private static Gen<Rule> rules(int depth) {
        if (depth <= 1) {
            return leaves();
        }
        Gen<Rule> smaller = rules(depth - 1);
        Gen<List<Rule>> children = lists().of(smaller).ofSizeBetween(0, 3);
        return Generate.frequency(
                Pair.of(4, leaves()),
                Pair.of(1, children.map(rules -> (Rule) new Rule.All(rules))),
                Pair.of(1, children.map(rules -> (Rule) new Rule.Any(rules))),
                Pair.of(1, smaller.map(rule -> (Rule) new Rule.Not(rule))));
    }

    static Gen<Rule> leaves() {
        Gen<String> attribute = arbitrary().pick(ATTRIBUTES);
        Gen<Rule> ordering = arbitrary().pick(ComparisonOp.GT, ComparisonOp.GTE, ComparisonOp.LT, ComparisonOp.LTE)
                .zip(attribute, numbers(), (op, name, value) -> (Rule) new Rule.Comparison(op, name, value));
        Gen<Rule> equality = arbitrary().pick(ComparisonOp.EQ, ComparisonOp.NEQ)
                .zip(attribute, values(), (op, name, value) -> (Rule) new Rule.Comparison(op, name, value));
        Gen<Rule> membership = arbitrary().enumValues(MembershipOp.class)
                .zip(attribute, lists().of(values()).ofSizeBetween(1, 5),
                        (op, name, list) -> (Rule) new Rule.Membership(op, name, list));
        Gen<Rule> exists = attribute.map(name -> (Rule) new Rule.Exists(name));
        return Generate.oneOf(ordering, equality, membership, exists);
    }

    static Gen<Value> values() {
        return Generate.oneOf(numbers(), strings().map(Value::of));
    }

    static Gen<Value> numbers() {
        return finiteDoubles().map(Value::of);
    }

    /**
     * Finite doubles: named edge cases, two-decimal numbers (what rule authors write) and every bit
     * pattern of a finite double (subnormals, ±0, {@link Double#MAX_VALUE}) with equal weight.
     */
    static Gen<Double> finiteDoubles() {
        Gen<Double> named = arbitrary().pick(0.0, -0.0, 1.0, -1.0, 1.5, 10.0, 19.99, 1e20, 1e-7, 123456789012345.0,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
                9007199254740993.0, 1e7, 9999999.0, 1e-3, 9.999e-4);
        Gen<Double> decimals = longs().between(-1_000_000_000L, 1_000_000_000L).map(cents -> cents / 100.0);
        Gen<Double> anyFinite = longs().between(0L, Double.doubleToRawLongBits(Double.MAX_VALUE))
                .zip(booleans().all(), (bits, negative) -> {
                    double magnitude = Double.longBitsToDouble(bits);
                    return negative ? -magnitude : magnitude;
                });
        return Generate.oneOf(named, decimals, anyFinite);
    }

    /** Well-formed strings of up to 12 code points: Latin-1 plus quote, backslash, é, € and an emoji. */
    static Gen<String> strings() {
        Gen<String> named = arbitrary().pick("", "DE", "de", "1", "1.0", "-0", "10", "abc", "007", "1e3", "NaN");
        Gen<Integer> codePoint = integers().between(0x00, 0xff)
                .mix(arbitrary().pick((int) '"', (int) '\\', (int) 'é', (int) '€', 0x1F600), 20);
        Gen<String> random = lists().of(codePoint).ofSizeBetween(0, 12).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
        return Generate.oneOf(named, random);
    }

    /** Attribute maps over the rule attributes and some others; values may be numbers, any text or null. */
    static Gen<Map<String, String>> attributeMaps() {
        Gen<String> keys = Generate.oneOf(arbitrary().pick(ATTRIBUTES), anyText(8));
        Gen<String> values = Generate.oneOf(strings(),
                finiteDoubles().map(d -> Double.toString(d)),
                longs().all().mix(longs().between(-1_000L, 1_000L)).map(l -> Long.toString(l)),
                anyText(300))
                .toOptionals(10).map(value -> value.orElse(null));
        Gen<Pair<String, String>> entry = keys.zip(values, Pair::of);
        return lists().of(entry).ofSizeBetween(0, 8).map(entries -> {
            Map<String, String> map = new HashMap<>();
            entries.forEach(e -> map.put(e._1, e._2));
            return map;
        });
    }

    /** Any UTF-16 text, unpaired surrogates included: attributes come from clients and are not validated. */
    private static Gen<String> anyText(int maxLength) {
        return lists().of(integers().between(Character.MIN_VALUE, Character.MAX_VALUE))
                .ofSizeBetween(0, maxLength).map(chars -> {
                    StringBuilder text = new StringBuilder(chars.size());
                    chars.forEach(c -> text.append((char) c.intValue()));
                    return text.toString();
                });
    }
}
