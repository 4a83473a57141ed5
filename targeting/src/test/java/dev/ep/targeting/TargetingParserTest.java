package dev.ep.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetingParserTest {

    @Test
    void shouldParseEveryOperatorWhenDocumentIsValid() {
        // given
        String json = """
                {"pages": ["product", "cart"],
                 "rule": {"all": [
                   {"eq": {"attribute": "country", "value": "DE"}},
                   {"neq": {"attribute": "device", "value": "tv"}},
                   {"in": {"attribute": "tier", "values": ["gold", 3]}},
                   {"not_in": {"attribute": "browser", "values": ["ie"]}},
                   {"gt": {"attribute": "cart_value", "value": 50}},
                   {"gte": {"attribute": "visits", "value": 2}},
                   {"lt": {"attribute": "age", "value": 65.5}},
                   {"lte": {"attribute": "age", "value": -1e3}},
                   {"exists": {"attribute": "user_id"}},
                   {"any": [{"not": {"exists": {"attribute": "bot"}}}]}
                 ]}}
                """;

        // when
        Targeting targeting = TargetingParser.parse(json);

        // then
        assertThat(targeting.pages()).containsExactly("cart", "product");
        Rule.All all = (Rule.All) targeting.rule();
        assertThat(all.rules()).hasSize(10);
        assertThat(all.rules().get(0))
                .isEqualTo(new Rule.Comparison(ComparisonOp.EQ, "country", Value.of("DE")));
        assertThat(all.rules().get(2)).isEqualTo(new Rule.Membership(MembershipOp.IN, "tier",
                List.of(Value.of("gold"), Value.of(3))));
        assertThat(all.rules().get(7))
                .isEqualTo(new Rule.Comparison(ComparisonOp.LTE, "age", Value.of(-1000)));
        assertThat(all.rules().get(9)).isEqualTo(new Rule.Any(List.of(new Rule.Not(new Rule.Exists("bot")))));
    }

    @Test
    void shouldDefaultToEveryoneWhenMembersAreAbsent() {
        assertThat(TargetingParser.parse("{}")).isEqualTo(Targeting.EVERYONE);
        assertThat(TargetingParser.parse("{\"pages\":[]}").rule()).isEqualTo(Rule.ALWAYS);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"rule":{"all":[{"exists":{"attribute":"a"}},{"exists":{"attribute":"a"}},{"gt":{"attribute":"a","value":"5"}}]}} | rule.all[2].gt: value must be a number, got a string
            {"rule":{"gt":{"attribute":"a","value":true}}}                  | rule.gt: value must be a number, got a boolean
            {"rule":{"eq":{"attribute":"a","value":null}}}                  | rule.eq: value must be a string or a number, got null
            {"rule":{"eq":{"attribute":"a","value":[1]}}}                   | rule.eq: value must be a string or a number, got an array
            {"rule":{"eq":{"attribute":"a"}}}                               | rule.eq: value is required
            {"rule":{"eq":{"value":"x"}}}                                   | rule.eq: attribute is required
            {"rule":{"eq":{"attribute":7,"value":"x"}}}                     | rule.eq: attribute must be a string, got a number
            {"rule":{"eq":{"attribute":"","value":"x"}}}                    | rule.eq: attribute must not be empty
            {"rule":{"eq":{"attribute":"1a","value":"x"}}}                  | rule.eq: attribute '1a' must start with a letter or '_' and contain only letters, digits, '_', '.', '-'
            {"rule":{"eq":{"attribute":"a","valeu":"x"}}}                   | rule.eq: unknown field 'valeu' (expected attribute, value)
            {"rule":{"eq":"country"}}                                       | rule.eq: must be an object with attribute, value, got a string
            {"rule":{"in":{"attribute":"a","values":[]}}}                   | rule.in.values: must not be empty
            {"rule":{"in":{"attribute":"a","values":"x"}}}                  | rule.in.values: must be an array of strings and numbers, got a string
            {"rule":{"in":{"attribute":"a","values":["x",{}]}}}             | rule.in.values[1]: must be a string or a number, got an object
            {"rule":{"in":{"attribute":"a","value":["x"]}}}                 | rule.in: unknown field 'value' (expected attribute, values)
            {"rule":{"not_in":{"attribute":"a"}}}                           | rule.not_in: values is required
            {"rule":{"exists":{"attribute":"a","value":1}}}                 | rule.exists: unknown field 'value' (expected attribute)
            {"rule":{"regex":{"attribute":"a","value":".*"}}}               | rule: unknown operator 'regex' (expected one of all, any, not, eq, neq, gt, gte, lt, lte, in, not_in, exists)
            {"rule":{}}                                                     | rule: a rule must have exactly one operator (all, any, not, eq, neq, gt, gte, lt, lte, in, not_in, exists), found none
            {"rule":{"exists":{"attribute":"a"},"not":{"exists":{"attribute":"b"}}}} | rule: a rule must have exactly one operator, found 2 (exists, not)
            {"rule":[]}                                                     | rule: a rule must be an object with one operator (all, any, not, eq, neq, gt, gte, lt, lte, in, not_in, exists), got an array
            {"rule":{"all":{"exists":{"attribute":"a"}}}}                   | rule.all: must be an array of rules, got an object
            {"rule":{"any":[{"not":5}]}}                                    | rule.any[0].not: a rule must be an object with one operator (all, any, not, eq, neq, gt, gte, lt, lte, in, not_in, exists), got a number
            {"pages":"home"}                                                | pages: must be an array of page ids, got a string
            {"pages":["home",""]}                                           | pages[1]: page must not be empty
            {"pages":["home","my page"]}                                    | pages[1]: page 'my page' may contain only printable ASCII characters without spaces
            {"pages":["home","home"]}                                       | pages[1]: page 'home' is listed twice
            {"page":["home"]}                                               | $: unknown member 'page' (expected pages, rule)
            []                                                              | $: targeting must be an object with optional members pages and rule, got an array
            """)
    void shouldNameThePathWhenDocumentIsInvalid(String json, String message) {
        assertThatThrownBy(() -> TargetingParser.parse(json))
                .isInstanceOf(TargetingException.class)
                .hasMessage(message);
    }

    @Test
    void shouldRejectMalformedJsonDuplicateKeysAndTrailingTokens() {
        assertThatThrownBy(() -> TargetingParser.parse("{\"rule\":"))
                .isInstanceOf(TargetingException.class).hasMessageStartingWith("$: malformed JSON");
        assertThatThrownBy(() -> TargetingParser.parse("{\"pages\":[],\"pages\":[\"a\"]}"))
                .isInstanceOf(TargetingException.class).hasMessageContaining("pages");
        assertThatThrownBy(() -> TargetingParser.parse("{} {}"))
                .isInstanceOf(TargetingException.class).hasMessageStartingWith("$: malformed JSON");
        assertThatThrownBy(() -> TargetingParser.parse(""))
                .isInstanceOf(TargetingException.class).hasMessageStartingWith("$:");
    }

    @Test
    void shouldPrefixBasePathWhenEmbeddedInALargerDocument() throws Exception {
        // given
        var node = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree("{\"rule\":{\"not\":{\"lt\":{\"attribute\":\"a\",\"value\":\"x\"}}}}");

        // when / then
        assertThatThrownBy(() -> TargetingParser.parse(node, "targeting"))
                .hasMessage("targeting.rule.not.lt: value must be a number, got a string");
    }

    @Test
    void shouldRejectRuleWhenNestedTooDeep() {
        // given: depth MAX_DEPTH + 1
        String json = "{\"not\":".repeat(Limits.MAX_DEPTH) + "{\"exists\":{\"attribute\":\"a\"}}"
                + "}".repeat(Limits.MAX_DEPTH);

        // when / then
        assertThatThrownBy(() -> TargetingParser.parseRule(json))
                .hasMessage("rule" + ".not".repeat(Limits.MAX_DEPTH) + ": rule is nested deeper than "
                        + Limits.MAX_DEPTH + " levels");
    }

    @Test
    void shouldAcceptRuleWhenExactlyAtMaxDepth() {
        String json = "{\"not\":".repeat(Limits.MAX_DEPTH - 1) + "{\"exists\":{\"attribute\":\"a\"}}"
                + "}".repeat(Limits.MAX_DEPTH - 1);

        assertThat(TargetingParser.parseRule(json)).isInstanceOf(Rule.Not.class);
    }

    @Test
    void shouldRejectJsonNestedFarTooDeepWithoutStackOverflow() {
        String json = "[".repeat(100_000);

        assertThatThrownBy(() -> TargetingParser.parseRule(json))
                .isInstanceOf(TargetingException.class).hasMessageStartingWith("rule: malformed JSON");
    }

    @Test
    void shouldRejectRuleWhenItHasTooManyNodes() {
        // given: any of 16 alls of 16 exists = 1 + 16 + 256 nodes
        String leaf = "{\"exists\":{\"attribute\":\"a\"}}";
        String sixteen = "{\"all\":[" + String.join(",", java.util.Collections.nCopies(16, leaf)) + "]}";
        String json = "{\"any\":[" + String.join(",", java.util.Collections.nCopies(16, sixteen)) + "]}";

        // when / then
        assertThatThrownBy(() -> TargetingParser.parseRule(json))
                .hasMessageEndingWith(": rule has more than " + Limits.MAX_NODES + " nodes");
    }

    @Test
    void shouldRejectListsAndStringsWhenOverLimits() {
        String tooManyValues = "{\"in\":{\"attribute\":\"a\",\"values\":["
                + String.join(",", java.util.Collections.nCopies(Limits.MAX_LIST_VALUES + 1, "1")) + "]}}";
        assertThatThrownBy(() -> TargetingParser.parseRule(tooManyValues))
                .hasMessage("rule.in.values: has 1001 values, at most 1000 allowed");

        String longString = "{\"eq\":{\"attribute\":\"a\",\"value\":\"" + "x".repeat(257) + "\"}}";
        assertThatThrownBy(() -> TargetingParser.parseRule(longString))
                .hasMessage("rule.eq: value is 257 characters long, at most 256 allowed");

        String longAttribute = "{\"exists\":{\"attribute\":\"" + "a".repeat(65) + "\"}}";
        assertThatThrownBy(() -> TargetingParser.parseRule(longAttribute))
                .hasMessage("rule.exists: attribute is 65 characters long, at most 64 allowed");

        String tooManyChildren = "{\"all\":[" + String.join(",",
                java.util.Collections.nCopies(Limits.MAX_CHILDREN + 1, "{\"exists\":{\"attribute\":\"a\"}}")) + "]}";
        assertThatThrownBy(() -> TargetingParser.parseRule(tooManyChildren))
                .hasMessage("rule.all: has 65 rules, at most 64 allowed");
    }

    @Test
    void shouldRejectTotalListValuesWhenOverBudget() {
        // given: six lists of 1,000 values
        String list = "{\"in\":{\"attribute\":\"a\",\"values\":["
                + String.join(",", java.util.Collections.nCopies(1000, "\"x\"")) + "]}}";
        String json = "{\"any\":[" + String.join(",", java.util.Collections.nCopies(6, list)) + "]}";

        // when / then
        assertThatThrownBy(() -> TargetingParser.parseRule(json))
                .hasMessage("rule.any[5].in.values: rule has more than 5000 list values in total");
    }

    @Test
    void shouldRejectNonFiniteNumbers() {
        assertThatThrownBy(() -> TargetingParser.parseRule("{\"gt\":{\"attribute\":\"a\",\"value\":1e999}}"))
                .hasMessage("rule.gt: value must be a finite number");
    }

    @Test
    void shouldRejectRecordsThatBreakTheGrammarWhenBuiltDirectly() {
        assertThatThrownBy(() -> new Rule.Comparison(ComparisonOp.GT, "a", Value.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("gt needs a number value");
        assertThatThrownBy(() -> new Rule.Membership(MembershipOp.IN, "a", List.of()))
                .hasMessage("in needs at least one value");
        assertThatThrownBy(() -> new Rule.Exists("a b"))
                .hasMessageContaining("must start with a letter");
        assertThatThrownBy(() -> Value.of(Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> Value.of("\ud800")).hasMessageContaining("surrogate");
    }
}
