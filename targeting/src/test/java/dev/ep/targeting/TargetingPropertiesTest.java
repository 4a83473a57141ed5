package dev.ep.targeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TargetingPropertiesTest {

    @Provide
    Arbitrary<Rule> rules() {
        return RuleProperties.rules();
    }

    @Provide
    Arbitrary<Targeting> targetings() {
        return RuleProperties.targetings();
    }

    @Provide
    Arbitrary<Map<String, String>> attributes() {
        return RuleProperties.attributeMaps();
    }

    private static boolean compiled(Rule rule, Map<String, String> attributes) {
        return CompiledTargeting.compile(new Targeting(List.of(), rule)).ruleMatches(attributes);
    }

    @Property
    void shouldNegateExactlyWhenWrappedInNot(@ForAll("rules") Rule rule,
            @ForAll("attributes") Map<String, String> attributes) {
        assertThat(compiled(new Rule.Not(rule), attributes)).isEqualTo(!compiled(rule, attributes));
    }

    @Property
    void shouldRoundTripThroughCanonicalJson(@ForAll("targetings") Targeting targeting) {
        String json = TargetingWriter.write(targeting);

        Targeting parsed = TargetingParser.parse(json);

        assertThat(parsed).isEqualTo(targeting);
        assertThat(TargetingWriter.write(parsed)).isEqualTo(json);
    }

    @Property
    void shouldAgreeWithReferenceInterpreterAndExplanation(@ForAll("targetings") Targeting targeting,
            @ForAll("attributes") Map<String, String> attributes) {
        CompiledTargeting compiled = CompiledTargeting.compile(targeting);

        boolean result = compiled.matches("cart", attributes);

        boolean page = targeting.pages().isEmpty() || targeting.pages().contains("cart");
        assertThat(result).isEqualTo(page && Semantics.evaluate(targeting.rule(), attributes));
        assertThat(compiled.explain("cart", attributes).matched()).isEqualTo(result);
    }

    @Property
    void shouldNeverThrowWhenEvaluatingAnyAttributeMap(@ForAll("targetings") Targeting targeting,
            @ForAll("attributes") Map<String, String> attributes) {
        CompiledTargeting compiled = CompiledTargeting.compile(targeting);

        compiled.matches(null, attributes);
        compiled.matches("home", attributes);
        compiled.explain(null, attributes);
    }

    @Property
    void shouldFollowDeMorganWhenCombining(@ForAll("rules") Rule a, @ForAll("rules") Rule b,
            @ForAll("attributes") Map<String, String> attributes) {
        boolean notAll = compiled(new Rule.Not(new Rule.All(List.of(a, b))), attributes);
        boolean anyNot = compiled(new Rule.Any(List.of(new Rule.Not(a), new Rule.Not(b))), attributes);

        assertThat(notAll).isEqualTo(anyNot);
    }

    @Property
    void shouldMakeNeqAndNotInMeanPresentAndDifferent(@ForAll("attributes") Map<String, String> attributes,
            @ForAll("values") Value value) {
        Rule eq = new Rule.Comparison(ComparisonOp.EQ, "a", value);
        Rule neq = new Rule.Comparison(ComparisonOp.NEQ, "a", value);
        Rule in = new Rule.Membership(MembershipOp.IN, "a", List.of(value));
        Rule notIn = new Rule.Membership(MembershipOp.NOT_IN, "a", List.of(value));
        boolean present = attributes.get("a") != null;

        assertThat(compiled(neq, attributes)).isEqualTo(present && !compiled(eq, attributes));
        assertThat(compiled(notIn, attributes)).isEqualTo(present && !compiled(in, attributes));
        assertThat(compiled(in, attributes)).isEqualTo(compiled(eq, attributes));
    }

    @Provide
    Arbitrary<Value> values() {
        return RuleProperties.values();
    }
}
