package dev.ep.targeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompiledTargetingTest {

    private static boolean eval(String ruleJson, Map<String, String> attributes) {
        Rule rule = TargetingParser.parseRule(ruleJson);
        boolean compiled = CompiledTargeting.compile(new Targeting(List.of(), rule)).ruleMatches(attributes);
        assertThat(Semantics.evaluate(rule, attributes)).as("reference interpreter").isEqualTo(compiled);
        return compiled;
    }

    private static String cmp(String op, String value) {
        return "{\"" + op + "\":{\"attribute\":\"x\",\"value\":" + value + "}}";
    }

    private static String list(String op, String values) {
        return "{\"" + op + "\":{\"attribute\":\"x\",\"values\":[" + values + "]}}";
    }

    @ParameterizedTest(name = "{0} on missing attribute is false")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"eq":{"attribute":"x","value":"a"}}
            {"neq":{"attribute":"x","value":"a"}}
            {"eq":{"attribute":"x","value":1}}
            {"neq":{"attribute":"x","value":1}}
            {"gt":{"attribute":"x","value":1}}
            {"gte":{"attribute":"x","value":1}}
            {"lt":{"attribute":"x","value":1}}
            {"lte":{"attribute":"x","value":1}}
            {"in":{"attribute":"x","values":["a",1]}}
            {"not_in":{"attribute":"x","values":["a",1]}}
            {"exists":{"attribute":"x"}}
            """)
    void shouldBeFalseWhenAttributeIsMissing(String rule) {
        assertThat(eval(rule, Map.of("y", "a"))).isFalse();
        assertThat(eval("{\"not\":" + rule + "}", Map.of("y", "a"))).isTrue();
    }

    @Test
    void shouldTreatNullValueAsMissing() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("x", null);

        assertThat(eval("{\"exists\":{\"attribute\":\"x\"}}", attributes)).isFalse();
        assertThat(eval(cmp("neq", "\"a\""), attributes)).isFalse();
    }

    @Test
    void shouldCompareStringsExactly() {
        assertThat(eval(cmp("eq", "\"DE\""), Map.of("x", "DE"))).isTrue();
        assertThat(eval(cmp("eq", "\"DE\""), Map.of("x", "de"))).isFalse();
        assertThat(eval(cmp("neq", "\"DE\""), Map.of("x", "de"))).isTrue();
        assertThat(eval(cmp("eq", "\"\""), Map.of("x", ""))).isTrue();
        // a string literal never compares numerically
        assertThat(eval(cmp("eq", "\"5\""), Map.of("x", "5.0"))).isFalse();
    }

    @Test
    void shouldCompareNumbersNumericallyWhenLiteralIsANumber() {
        assertThat(eval(cmp("eq", "5"), Map.of("x", "5.0"))).isTrue();
        assertThat(eval(cmp("eq", "5"), Map.of("x", "5e0"))).isTrue();
        assertThat(eval(cmp("eq", "0"), Map.of("x", "-0"))).isTrue();
        assertThat(eval(cmp("eq", "5"), Map.of("x", "05"))).isFalse();
        assertThat(eval(cmp("neq", "5"), Map.of("x", "five"))).isTrue();
        assertThat(eval(cmp("gt", "50"), Map.of("x", "50.01"))).isTrue();
        assertThat(eval(cmp("gt", "50"), Map.of("x", "50"))).isFalse();
        assertThat(eval(cmp("gte", "50"), Map.of("x", "50"))).isTrue();
        assertThat(eval(cmp("lt", "-1.5"), Map.of("x", "-2"))).isTrue();
        assertThat(eval(cmp("lte", "-1.5"), Map.of("x", "-1.5"))).isTrue();
        // "10" > "9" numerically although not lexicographically
        assertThat(eval(cmp("gt", "9"), Map.of("x", "10"))).isTrue();
    }

    @Test
    void shouldBeFalseForOrderingWhenAttributeIsNotANumber() {
        for (String op : List.of("gt", "gte", "lt", "lte")) {
            assertThat(eval(cmp(op, "1"), Map.of("x", "abc"))).as(op).isFalse();
            assertThat(eval(cmp(op, "1"), Map.of("x", ""))).as(op).isFalse();
        }
    }

    @Test
    void shouldMatchListsOfStringsAndNumbers() {
        assertThat(eval(list("in", "\"gold\",\"silver\",3"), Map.of("x", "silver"))).isTrue();
        assertThat(eval(list("in", "\"gold\",\"silver\",3"), Map.of("x", "3.0"))).isTrue();
        assertThat(eval(list("in", "\"gold\",\"silver\",3"), Map.of("x", "bronze"))).isFalse();
        assertThat(eval(list("in", "0"), Map.of("x", "-0"))).isTrue();
        assertThat(eval(list("not_in", "\"gold\",3"), Map.of("x", "bronze"))).isTrue();
        assertThat(eval(list("not_in", "\"gold\",3"), Map.of("x", "3"))).isFalse();
    }

    @Test
    void shouldCombineWithAllAnyNot() {
        String rule = "{\"all\":[" + cmp("eq", "\"DE\"").replace("\"x\"", "\"country\"") + ",{\"any\":["
                + cmp("gt", "50").replace("\"x\"", "\"cart\"") + ",{\"exists\":{\"attribute\":\"vip\"}}]}]}";

        assertThat(eval(rule, Map.of("country", "DE", "cart", "60"))).isTrue();
        assertThat(eval(rule, Map.of("country", "DE", "vip", ""))).isTrue();
        assertThat(eval(rule, Map.of("country", "DE", "cart", "10"))).isFalse();
        assertThat(eval(rule, Map.of("country", "FR", "cart", "60"))).isFalse();
        assertThat(eval("{\"all\":[]}", Map.of())).isTrue();
        assertThat(eval("{\"any\":[]}", Map.of())).isFalse();
    }

    @Test
    void shouldMatchPagesWhenListedOrWhenNoneListed() {
        CompiledTargeting everywhere = CompiledTargeting.compile(Targeting.EVERYONE);
        CompiledTargeting cart = CompiledTargeting.compile(TargetingParser.parse("{\"pages\":[\"cart\"]}"));

        assertThat(everywhere.matches(null, Map.of())).isTrue();
        assertThat(everywhere.matches("home", null)).isTrue();
        assertThat(cart.matches("cart", Map.of())).isTrue();
        assertThat(cart.matches("home", Map.of())).isFalse();
        assertThat(cart.matches(null, Map.of())).isFalse();
    }

    @Test
    void shouldExplainEveryNodeWhenAsked() {
        // given
        CompiledTargeting targeting = CompiledTargeting.compile(TargetingParser.parse("""
                {"pages":["cart"],"rule":{"all":[
                  {"eq":{"attribute":"country","value":"DE"}},
                  {"in":{"attribute":"tier","values":["gold",3]}}]}}
                """));

        // when
        TargetingExplanation explanation = targeting.explain("cart", Map.of("country", "FR", "tier", "gold"));

        // then
        assertThat(explanation.matched()).isFalse();
        assertThat(explanation.pageMatched()).isTrue();
        RuleExplanation root = explanation.rule();
        assertThat(root.path()).isEqualTo("rule");
        assertThat(root.operator()).isEqualTo("all");
        assertThat(root.result()).isFalse();
        assertThat(root.children()).containsExactly(
                new RuleExplanation("rule.all[0]", "eq", false, Optional.of("country"), Optional.of("FR"),
                        Optional.of("\"DE\""), List.of()),
                new RuleExplanation("rule.all[1]", "in", true, Optional.of("tier"), Optional.of("gold"),
                        Optional.of("[\"gold\",3]"), List.of()));
    }

    @Test
    void shouldNotAllocateWhenEvaluatingOrdinaryInputs() {
        // given
        CompiledTargeting targeting = CompiledTargeting.compile(TargetingParser.parse("""
                {"pages":["cart","home"],"rule":{"all":[
                  {"eq":{"attribute":"country","value":"DE"}},
                  {"not":{"in":{"attribute":"tier","values":["gold",3,4.5]}}},
                  {"gte":{"attribute":"cart","value":10}},
                  {"any":[{"exists":{"attribute":"user"}},{"neq":{"attribute":"device","value":1}}]}]}}
                """));
        Map<String, String> attributes = new HashMap<>(Map.of("country", "DE", "tier", "7", "cart", "19.99",
                "device", "mobile"));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        boolean all = true;
        for (int i = 0; i < 20_000; i++) {
            all &= targeting.matches("cart", attributes);
        }

        // when
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            all &= targeting.matches("cart", attributes);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        // then: well under one byte per evaluation (the measurement itself allocates a little)
        assertThat(all).isTrue();
        assertThat(allocated).isLessThan(10_000);
    }
}
