package dev.ep.config.api.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.config.view.Json;
import dev.ep.targeting.Limits;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingException;
import dev.ep.targeting.TargetingParser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class TargetingCheckTest {

    private static final String RULE = "{\"all\": [{\"eq\": {\"attribute\": \"country\", \"value\": \"DE\"}},"
            + " {\"gt\": {\"attribute\": \"cart_value\", \"value\": 50}}]}";

    @Test
    void shouldAcceptWhatADefinitionAcceptsWhenTheRuleIsAnObject() {
        Targeting t = TargetingCheck.check(Json.parse(RULE), Json.parse("[\"checkout\", \"cart\"]"));

        assertThat(t).isEqualTo(TargetingParser.parse(Json.parse("{\"pages\": [\"checkout\", \"cart\"], \"rule\": "
                + RULE + "}"), "targeting"));
    }

    @Test
    void shouldReadTheSameRuleWhenItComesAsText() {
        assertThat(TargetingCheck.check(text(RULE), null)).isEqualTo(TargetingCheck.check(Json.parse(RULE), null));
    }

    @Test
    void shouldTargetEveryoneWhenNothingIsGiven() {
        assertThat(TargetingCheck.check(null, null)).isEqualTo(TargetingParser.parse("{}"));
    }

    @Test
    void shouldGiveTheDefinitionsErrorWhenTheRuleIsInvalid() {
        String bad = "{\"all\": [{\"eq\": {\"attribute\": \"country\", \"value\": \"DE\"}},"
                + " {\"gt\": {\"attribute\": \"cart_value\", \"value\": \"50\"}}]}";
        String asCreateSaysIt = message(() -> TargetingParser.parse(Json.parse("{\"rule\": " + bad + "}"), "targeting"));

        assertThatThrownBy(() -> TargetingCheck.check(Json.parse(bad), null)).isInstanceOf(TargetingException.class)
                .hasMessage(asCreateSaysIt)
                .hasMessageStartingWith("targeting.rule.all[1].gt: ")
                .satisfies(e -> assertThat(((TargetingException) e).path()).isEqualTo("targeting.rule.all[1].gt"));
        assertThatThrownBy(() -> TargetingCheck.check(text(bad), null)).hasMessage(asCreateSaysIt);
    }

    @Test
    void shouldRefuseANullRuleAsADefinitionDoesWhenTheRuleIsJsonNull() {
        String asCreateSaysIt = message(() -> TargetingParser.parse(Json.parse("{\"rule\": null}"), "targeting"));

        assertThatThrownBy(() -> TargetingCheck.check(JsonNodeFactory.instance.nullNode(), null))
                .hasMessage(asCreateSaysIt).hasMessageStartingWith("targeting.rule: ");
    }

    @Test
    void shouldNameLineAndColumnWhenTheRuleTextIsNotJson() {
        String typing = "{\"all\": [\n  {\"eq\": {\"attribute\": \"country\", \"value\": }}\n]}";

        assertThatThrownBy(() -> TargetingCheck.check(text(typing), null)).isInstanceOfSatisfying(
                RuleTextException.class, e -> {
                    assertThat(e.path()).isEqualTo("targeting.rule");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(44);
                    assertThat(e.getMessage()).startsWith("targeting.rule: malformed JSON at line 2, column 44: ");
                });
    }

    @Test
    void shouldRefuseDuplicateMembersAndTrailingContentWhenTheRuleIsText() {
        assertThatThrownBy(() -> TargetingCheck.check(text(
                "{\"eq\": {\"attribute\": \"a\", \"attribute\": \"b\", \"value\": 1}}"), null))
                .isInstanceOf(RuleTextException.class).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> TargetingCheck.check(text("{\"exists\": {\"attribute\": \"a\"}} {}"), null))
                .isInstanceOf(RuleTextException.class).hasMessageContaining("line 1");
    }

    @Test
    void shouldSayWhatToWriteWhenTheRuleTextIsEmpty() {
        for (String empty : new String[] {"", "   \n  "}) {
            assertThatThrownBy(() -> TargetingCheck.check(text(empty), null)).isInstanceOf(TargetingException.class)
                    .hasMessageStartingWith("targeting.rule: the rule text is empty");
        }
    }

    @Test
    void shouldRefuseHugeRulesAtTheLanguagesLimitsWhenTheyExceedThem() {
        StringBuilder many = new StringBuilder("{\"any\": [");
        for (int i = 0; i < Limits.MAX_CHILDREN + 1; i++) {
            many.append(i == 0 ? "" : ",").append("{\"exists\": {\"attribute\": \"a").append(i).append("\"}}");
        }
        many.append("]}");
        String deep = "{\"not\": ".repeat(40) + "{\"exists\": {\"attribute\": \"a\"}}" + "}".repeat(40);

        assertThatThrownBy(() -> TargetingCheck.check(text(many.toString()), null))
                .hasMessage("targeting.rule.any: has 65 rules, at most 64 allowed");
        assertThatThrownBy(() -> TargetingCheck.check(text("\"" + "x".repeat(Limits.MAX_DOCUMENT_CHARS) + "\""),
                null)).hasMessageStartingWith("targeting.rule: rule text is ");
        assertThatThrownBy(() -> TargetingCheck.check(text(deep), null)).isInstanceOf(TargetingException.class)
                .hasMessage("targeting.rule: rule is nested deeper than 12 levels");
        assertThatThrownBy(() -> TargetingCheck.check(Json.parse(deep), null))
                .hasMessageContaining("nested deeper than 12 levels");
    }

    @Test
    void shouldGiveTheDefinitionsErrorWhenPagesAreInvalid() {
        assertThatThrownBy(() -> TargetingCheck.check(null, Json.parse("\"checkout\"")))
                .hasMessage("targeting.pages: must be an array of page ids, got a string");
        assertThatThrownBy(() -> TargetingCheck.check(null, Json.parse("[\"checkout\", \"checkout\"]")))
                .hasMessageStartingWith("targeting.pages[1]: ");
    }

    private static JsonNode text(String ruleText) {
        return JsonNodeFactory.instance.stringNode(ruleText);
    }

    private static String message(Runnable parse) {
        try {
            parse.run();
        } catch (TargetingException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the parser to refuse it");
    }
}
