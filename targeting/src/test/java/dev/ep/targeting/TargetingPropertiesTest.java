package dev.ep.targeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/** Properties of the rule language over random rules (depth {@value RuleProperties#DEPTH}) and attribute maps. */
class TargetingPropertiesTest {

    /**
     * Fixed seed 0x7A6E_7156 so CI sees the same 1,000 examples per property on every run; a failure
     * prints the falsifying values and this seed. Change the seed locally to explore other cases.
     */
    private static final long SEED = 0x7A6E_7156L;

    private static QuickTheory qt() {
        return QuickTheory.qt().withFixedSeed(SEED).withExamples(1_000).withShrinkCycles(2_000);
    }

    private static boolean compiled(Rule rule, Map<String, String> attributes) {
        return CompiledTargeting.compile(new Targeting(List.of(), rule)).ruleMatches(attributes);
    }

    @Test
    void shouldNegateExactlyWhenWrappedInNot() {
        qt().forAll(RuleProperties.rules(), RuleProperties.attributeMaps()).checkAssert((rule, attributes) ->
                assertThat(compiled(new Rule.Not(rule), attributes)).isEqualTo(!compiled(rule, attributes)));
    }

    @Test
    void shouldRoundTripThroughCanonicalJson() {
        qt().forAll(RuleProperties.targetings()).checkAssert(targeting -> {
            String json = TargetingWriter.write(targeting);

            Targeting parsed = TargetingParser.parse(json);

            assertThat(parsed).isEqualTo(targeting);
            assertThat(TargetingWriter.write(parsed)).isEqualTo(json);
        });
    }

    @Test
    void shouldAgreeWithReferenceInterpreterAndExplanation() {
        qt().forAll(RuleProperties.targetings(), RuleProperties.attributeMaps()).checkAssert((targeting, attributes) -> {
            CompiledTargeting compiled = CompiledTargeting.compile(targeting);

            boolean result = compiled.matches("cart", attributes);

            boolean page = targeting.pages().isEmpty() || targeting.pages().contains("cart");
            assertThat(result).isEqualTo(page && Semantics.evaluate(targeting.rule(), attributes));
            assertThat(compiled.explain("cart", attributes).matched()).isEqualTo(result);
        });
    }

    @Test
    void shouldNeverThrowWhenEvaluatingAnyAttributeMap() {
        qt().forAll(RuleProperties.targetings(), RuleProperties.attributeMaps()).checkAssert((targeting, attributes) -> {
            CompiledTargeting compiled = CompiledTargeting.compile(targeting);

            compiled.matches(null, attributes);
            compiled.matches("home", attributes);
            compiled.explain(null, attributes);
        });
    }

    @Test
    void shouldFollowDeMorganWhenCombining() {
        qt().forAll(RuleProperties.rules(), RuleProperties.rules(), RuleProperties.attributeMaps())
                .checkAssert((a, b, attributes) -> {
                    boolean notAll = compiled(new Rule.Not(new Rule.All(List.of(a, b))), attributes);
                    boolean anyNot = compiled(new Rule.Any(List.of(new Rule.Not(a), new Rule.Not(b))), attributes);

                    assertThat(notAll).isEqualTo(anyNot);
                });
    }

    @Test
    void shouldMakeNeqAndNotInMeanPresentAndDifferent() {
        qt().forAll(RuleProperties.attributeMaps(), RuleProperties.values()).checkAssert((attributes, value) -> {
            Rule eq = new Rule.Comparison(ComparisonOp.EQ, "a", value);
            Rule neq = new Rule.Comparison(ComparisonOp.NEQ, "a", value);
            Rule in = new Rule.Membership(MembershipOp.IN, "a", List.of(value));
            Rule notIn = new Rule.Membership(MembershipOp.NOT_IN, "a", List.of(value));
            boolean present = attributes.get("a") != null;

            assertThat(compiled(neq, attributes)).isEqualTo(present && !compiled(eq, attributes));
            assertThat(compiled(notIn, attributes)).isEqualTo(present && !compiled(in, attributes));
            assertThat(compiled(in, attributes)).isEqualTo(compiled(eq, attributes));
        });
    }
}
