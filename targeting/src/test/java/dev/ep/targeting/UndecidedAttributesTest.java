package dev.ep.targeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * {@link CompiledTargeting#undecidedAttributes}: which absent attributes could still change a rule's result. By
 * example, then as properties over random rules: an empty answer means no value of the absent attributes changes the
 * result, and supplying every attribute it names decides the rule.
 */
class UndecidedAttributesTest {

    /** Fixed seed so CI sees the same examples on every run; a failure prints it with the falsifying values. */
    private static final long SEED = 0x5EED_0008L;

    private static QuickTheory qt() {
        return QuickTheory.qt().withFixedSeed(SEED).withExamples(1_000).withShrinkCycles(2_000);
    }

    private static Set<String> undecided(String rule, Map<String, String> attributes) {
        return targeting(TargetingParser.parseRule(rule)).undecidedAttributes(attributes);
    }

    private static CompiledTargeting targeting(Rule rule) {
        return CompiledTargeting.compile(new Targeting(List.of(), rule));
    }

    @Test
    void shouldNameTheAbsentAttributeWhenARuleReadsOnlyIt() {
        assertThat(undecided("{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}}", Map.of()))
                .containsExactly("country");
        assertThat(undecided("{\"exists\":{\"attribute\":\"coupon\"}}", Map.of())).containsExactly("coupon");
        assertThat(undecided("{\"not\":{\"in\":{\"attribute\":\"tier\",\"values\":[\"gold\"]}}}", Map.of()))
                .containsExactly("tier");
    }

    @Test
    void shouldNameNothingWhenThePresentAttributesDecideTheRule() {
        String all = "{\"all\":[{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}},"
                + "{\"gt\":{\"attribute\":\"cart\",\"value\":50}}]}";
        String any = "{\"any\":[{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}},"
                + "{\"gt\":{\"attribute\":\"cart\",\"value\":50}}]}";

        assertThat(undecided(all, Map.of("country", "FR"))).as("all with a false child").isEmpty();
        assertThat(undecided(any, Map.of("country", "DE"))).as("any with a true child").isEmpty();
        assertThat(undecided(all, Map.of("country", "DE", "cart", "60"))).as("everything present").isEmpty();
        assertThat(undecided("{\"all\":[]}", Map.of())).as("no rule").isEmpty();
    }

    @Test
    void shouldNameOnlyTheAttributesOfUndecidedBranchesWhenSomeAreDecided() {
        // any(country = DE, tier = gold) is already true through country; only cart is left open
        String rule = "{\"all\":[{\"any\":[{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}},"
                + "{\"eq\":{\"attribute\":\"tier\",\"value\":\"gold\"}}]},"
                + "{\"gt\":{\"attribute\":\"cart\",\"value\":50}},"
                + "{\"eq\":{\"attribute\":\"device\",\"value\":\"web\"}}]}";

        assertThat(undecided(rule, Map.of("country", "DE", "device", "web"))).containsExactly("cart");
        assertThat(undecided(rule, Map.of("country", "FR"))).containsExactly("cart", "device", "tier");
    }

    @Test
    void shouldTreatANullValueAsAbsentWhenAsked() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("country", null);

        assertThat(undecided("{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}}", attributes))
                .containsExactly("country");
    }

    @Test
    void shouldNotChangeTheResultForAnyValuesOfTheAbsentAttributesWhenNothingIsUndecided() {
        qt().forAll(RuleProperties.rules(), RuleProperties.attributeMaps(), RuleProperties.attributeMaps())
                .checkAssert((rule, attributes, completion) -> {
                    CompiledTargeting targeting = targeting(rule);
                    if (targeting.undecidedAttributes(attributes).isEmpty()) {
                        assertThat(targeting.ruleMatches(complete(attributes, completion)))
                                .isEqualTo(targeting.ruleMatches(attributes));
                    }
                });
    }

    @Test
    void shouldDecideTheRuleWhenEveryNamedAttributeIsSupplied() {
        qt().forAll(RuleProperties.rules(), RuleProperties.attributeMaps(), RuleProperties.strings())
                .checkAssert((rule, attributes, value) -> {
                    CompiledTargeting targeting = targeting(rule);
                    Map<String, String> supplied = new HashMap<>(attributes);
                    targeting.undecidedAttributes(attributes).forEach(name -> supplied.put(name, value));
                    assertThat(targeting.undecidedAttributes(supplied)).isEmpty();
                });
    }

    /** The attributes, plus the completion's values for the attributes absent from them. */
    private static Map<String, String> complete(Map<String, String> attributes, Map<String, String> completion) {
        Map<String, String> result = new HashMap<>(attributes);
        completion.forEach((name, value) -> {
            if (result.get(name) == null) {
                result.put(name, value);
            }
        });
        return result;
    }
}
