package dev.ep.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * A {@link TargetingSet} decides every targeting as {@link CompiledTargeting} and the reference interpreter
 * ({@link Semantics}) do, whatever the mix of shared and distinct rules, pages and attribute maps; it shares equal
 * rules and reads the request's map once.
 */
class TargetingSetTest {

    /** Fixed seed so CI sees the same examples on every run; a failure prints the values and this seed. */
    private static final long SEED = 0x5e7_7a59L;

    private static QuickTheory qt() {
        return QuickTheory.qt().withFixedSeed(SEED).withExamples(1_000).withShrinkCycles(500);
    }

    @Test
    void shouldDecideEveryTargetingAsCompiledTargetingAndTheReferenceWhenRulesArePartlyShared() {
        // given: up to 12 random targetings, some added twice, and random pages and attribute maps (null values,
        // unpaired surrogates, numbers; more or fewer attributes than the rules read, so both ways of reading the
        // map are exercised)
        qt().forAll(lists().of(RuleProperties.targetings()).ofSizeBetween(1, 12),
                        arbitrary().pick("home", "cart", "product/42", "elsewhere", "").toOptionals(20),
                        RuleProperties.attributeMaps())
                .checkAssert((targetings, page, attributes) -> {
                    TargetingSet.Builder builder = TargetingSet.builder();
                    List<Integer> numbers = new ArrayList<>();
                    for (Targeting t : targetings) {
                        numbers.add(builder.add(t));
                        numbers.add(builder.add(t));
                    }
                    TargetingSet set = builder.build();
                    String p = page.orElse(null);

                    // when: one context, every targeting asked twice, in order and then in reverse
                    TargetingSet.Context context = set.context(p, attributes);
                    int n = numbers.size();
                    for (int k = 0; k < 2 * n; k++) {
                        int i = k < n ? k : 2 * n - 1 - k;
                        Targeting t = targetings.get(i / 2);
                        boolean expected = CompiledTargeting.compile(t).matches(p, attributes);

                        // then
                        assertThat(context.matches(numbers.get(i))).as("%s on %s %s", t, p, attributes)
                                .isEqualTo(expected);
                        assertThat(expected).isEqualTo((t.pages().isEmpty() || p != null && t.pages().contains(p))
                                && Semantics.evaluate(t.rule(), attributes));
                    }
                });
    }

    @Test
    void shouldDecideEveryTargetingAsTheReferenceWhenRulesAreBuiltFromSharedSubrules() {
        // given: a pool of 4 random leaves, and up to 10 rules combining pool members (and combinations of them)
        // under all / any / not, so subrules recur across rules and inside each other: remembered in the context
        qt().forAll(lists().of(RuleProperties.leaves()).ofSizeBetween(4, 4),
                        lists().of(lists().of(arbitrary().pick(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))
                                .ofSizeBetween(1, 4)).ofSizeBetween(1, 10),
                        RuleProperties.attributeMaps())
                .checkAssert((pool, shapes, attributes) -> {
                    TargetingSet.Builder builder = TargetingSet.builder();
                    List<Rule> rules = new ArrayList<>();
                    List<Integer> numbers = new ArrayList<>();
                    for (List<Integer> shape : shapes) {
                        List<Rule> parts = new ArrayList<>();
                        for (int pick : shape) {
                            Rule member = pool.get(pick % 4);
                            parts.add(pick < 4 ? member : pick < 8 ? new Rule.Not(member)
                                    : new Rule.Any(List.of(member, pool.get((pick + 1) % 4))));
                        }
                        Rule rule = shape.get(0) % 2 == 0 ? new Rule.All(parts) : new Rule.Any(parts);
                        rules.add(rule);
                        numbers.add(builder.add(new Targeting(List.of(), rule)));
                    }
                    TargetingSet set = builder.build();

                    // when: one context, every rule asked in order, then in reverse
                    TargetingSet.Context context = set.context(null, attributes);
                    for (int k = 0; k < 2 * rules.size(); k++) {
                        int i = k < rules.size() ? k : 2 * rules.size() - 1 - k;
                        Rule rule = rules.get(i);

                        // then
                        assertThat(context.matches(numbers.get(i))).as("%s on %s", rule, attributes)
                                .isEqualTo(Semantics.evaluate(rule, attributes));
                    }
                });
    }

    @Test
    void shouldNumberEqualTargetingsOnceAndShareEqualRulesWhenPagesDiffer() {
        // given
        Rule rule = TargetingParser.parseRule("{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}}");
        TargetingSet.Builder builder = TargetingSet.builder();

        // when
        int a = builder.add(new Targeting(List.of("cart"), rule));
        int b = builder.add(new Targeting(List.of("cart"), TargetingParser.parseRule(
                "{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}}")));
        int c = builder.add(new Targeting(List.of("home"), rule));
        TargetingSet set = builder.build();

        // then
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.rules()).isEqualTo(1);
        assertThat(set.attributes()).isEqualTo(1);
        TargetingSet.Context context = set.context("home", Map.of("country", "DE"));
        assertThat(context.matches(a)).isFalse();
        assertThat(context.pageMatches(a)).isFalse();
        assertThat(context.ruleMatches(a)).isTrue();
        assertThat(context.matches(c)).isTrue();
    }

    @Test
    void shouldCompileEqualSubrulesOnceWhenRulesDifferInOneClause() {
        // given: 100 distinct rules (each with a clause of its own) sharing three clauses, in two orders
        TargetingSet.Builder builder = TargetingSet.builder();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String shared = "{\"in\":{\"attribute\":\"country\",\"values\":[\"DE\",\"AT\"]}},"
                    + "{\"gte\":{\"attribute\":\"cart\",\"value\":" + (i % 2 * 10) + "}},"
                    + "{\"not\":{\"eq\":{\"attribute\":\"device\",\"value\":\"tv\"}}}";
            String own = "{\"not\":{\"eq\":{\"attribute\":\"device\",\"value\":\"tv-" + i + "\"}}}";
            numbers.add(builder.add(new Targeting(List.of("cart", "home"), TargetingParser.parseRule(
                    "{\"all\":[" + (i % 3 == 0 ? own + "," + shared : shared + "," + own) + "]}"))));
        }

        // when
        TargetingSet set = builder.build();

        // then: per rule its all, its own not and eq (3 x 100); shared: in, two gte, not and eq of "tv" (5)
        assertThat(set.rules()).isEqualTo(100);
        assertThat(set.subrules()).isEqualTo(305);
        TargetingSet.Context context = set.context("cart", Map.of("country", "AT", "cart", "5", "device", "tv-8"));
        for (int i = 0; i < 100; i++) {
            assertThat(context.matches(numbers.get(i))).as("rule %d", i).isEqualTo(i % 2 == 0 && i != 8);
        }
    }

    @Test
    void shouldReadEachAttributeOfTheRequestOnceWhenManyTargetingsAreEvaluated() {
        // given: 100 distinct rules over the same two attributes, a map that counts its reads
        TargetingSet.Builder builder = TargetingSet.builder();
        for (int i = 0; i < 100; i++) {
            builder.add(new Targeting(List.of(), TargetingParser.parseRule("{\"all\":[{\"gte\":{\"attribute\":"
                    + "\"cart\",\"value\":" + i + "}},{\"neq\":{\"attribute\":\"device\",\"value\":\"tv\"}}]}")));
        }
        TargetingSet set = builder.build();
        int[] reads = new int[1];
        Map<String, String> attributes = new HashMap<>(Map.of("cart", "42.5", "device", "mobile", "x", "1")) {
            @Override
            public String get(Object key) {
                reads[0]++;
                return super.get(key);
            }
        };

        // when
        TargetingSet.Context context = set.context(null, attributes);
        int matched = 0;
        for (int i = 0; i < 100; i++) {
            matched += context.matches(i) ? 1 : 0;
        }

        // then: 0..42 match; the map was read once per attribute the rules use, at compile time
        assertThat(matched).isEqualTo(43);
        assertThat(reads[0]).isEqualTo(2);
    }

    @Test
    void shouldTreatMissingPageAndAttributesAsAbsentWhenTheContextIsEmpty() {
        // given
        TargetingSet.Builder builder = TargetingSet.builder();
        int anywhere = builder.add(new Targeting(List.of(), TargetingParser.parseRule(
                "{\"not\":{\"exists\":{\"attribute\":\"bot\"}}}")));
        int cartOnly = builder.add(new Targeting(List.of("cart"), Rule.ALWAYS));
        int present = builder.add(new Targeting(List.of(), TargetingParser.parseRule(
                "{\"neq\":{\"attribute\":\"bot\",\"value\":\"1\"}}")));
        TargetingSet set = builder.build();
        Map<String, String> withNull = new HashMap<>();
        withNull.put("bot", null);

        for (TargetingSet.Context context : List.of(set.context(null, null), set.context(null, withNull),
                set.context("unknown-page", Map.of("other", "1")))) {
            // then
            assertThat(context.matches(anywhere)).isTrue();
            assertThat(context.matches(cartOnly)).isFalse();
            assertThat(context.matches(present)).isFalse();
        }
        assertThat(set.context("cart", Map.of("bot", "0")).matches(present)).isTrue();
    }
}
