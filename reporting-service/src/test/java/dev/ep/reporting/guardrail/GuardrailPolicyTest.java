package dev.ep.reporting.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.stream.MetricSettings.HarmDirection;
import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.Analyzer;
import dev.ep.stats.analysis.ArmMoments;
import dev.ep.stats.analysis.MetricKind;
import dev.ep.stats.analysis.MetricRole;
import dev.ep.stats.analysis.MetricStatistics;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardrailPolicyTest {

    static final Map<String, Integer> HALF = Map.of("control", 5000, "treatment", 5000);

    @Test
    void shouldPauseWhenCoverageSrmIsFlaggedWithTheSequentialP() {
        AnalysisResult analysis = analyse(Map.of("control", 5000L, "treatment", 6000L), MetricRole.GUARDRAIL, 0.5, 0.5);

        assertThat(analysis.srmCoverage().flagged()).isTrue();
        assertThat(new GuardrailPolicy(Set.of()).reasonToPause(analysis)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("auto-pause: SRM on coverage p=").contains("threshold 0.001"));
    }

    @Test
    void shouldNotPauseBalancedExperimentWithoutHarm() {
        AnalysisResult analysis = analyse(Map.of("control", 5000L, "treatment", 5010L), MetricRole.GUARDRAIL, 0.5, 0.5);

        assertThat(new GuardrailPolicy(Set.of()).reasonToPause(analysis)).isEmpty();
    }

    @Test
    void shouldPauseWhenGuardrailDropsBeyondConfidenceSequence() {
        AnalysisResult analysis = analyse(Map.of("control", 5000L, "treatment", 5000L), MetricRole.GUARDRAIL, 0.5, 0.3);

        assertThat(new GuardrailPolicy(Set.of()).reasonToPause(analysis)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("auto-pause: guardrail conversion harmed in treatment").contains("below 0"));
    }

    @Test
    void shouldTreatRiseAsHarmOnlyForMetricDeclaredSo() {
        AnalysisResult rise = analyse(Map.of("control", 5000L, "treatment", 5000L), MetricRole.GUARDRAIL, 0.3, 0.5);

        assertThat(new GuardrailPolicy(Set.of()).reasonToPause(rise)).isEmpty();
        assertThat(new GuardrailPolicy(Set.of("conversion")).reasonToPause(rise)).hasValueSatisfying(
                reason -> assertThat(reason).contains("above 0"));
    }

    @Test
    void shouldUseTheHarmDirectionConfiguredForTheMetricOverTheFallbackList() {
        AnalysisResult rise = analyse(Map.of("control", 5000L, "treatment", 5000L), MetricRole.GUARDRAIL, 0.3, 0.5);
        AnalysisResult fall = analyse(Map.of("control", 5000L, "treatment", 5000L), MetricRole.GUARDRAIL, 0.5, 0.3);
        Map<String, HarmDirection> increase = Map.of("conversion", HarmDirection.INCREASE_IS_HARM);
        Map<String, HarmDirection> decrease = Map.of("conversion", HarmDirection.DECREASE_IS_HARM);

        // configured at config-service: a rise is harm, a fall is not, whatever the fallback list says
        assertThat(new GuardrailPolicy(Set.of()).reasonToPause(rise, increase)).hasValueSatisfying(
                reason -> assertThat(reason).contains("guardrail conversion harmed", "above 0"));
        assertThat(new GuardrailPolicy(Set.of()).reasonToPause(fall, increase)).isEmpty();
        // configured "decrease is harm" wins over a fallback list that names the metric
        assertThat(new GuardrailPolicy(Set.of("conversion")).reasonToPause(rise, decrease)).isEmpty();
        assertThat(new GuardrailPolicy(Set.of("conversion")).reasonToPause(fall, decrease)).hasValueSatisfying(
                reason -> assertThat(reason).contains("below 0"));
        // not configured: the fallback list, else a decrease is harm
        assertThat(new GuardrailPolicy(Set.of("conversion")).harmDirection("conversion", Map.of()))
                .isEqualTo(HarmDirection.INCREASE_IS_HARM);
        assertThat(new GuardrailPolicy(Set.of()).harmDirection("conversion", Map.of()))
                .isEqualTo(HarmDirection.DECREASE_IS_HARM);
    }

    @Test
    void shouldIgnoreHarmOnMetricThatIsNotGuardrail() {
        AnalysisResult analysis = analyse(Map.of("control", 5000L, "treatment", 5000L), MetricRole.PRIMARY, 0.5, 0.3);

        assertThat(new GuardrailPolicy(Set.of()).reasonToPause(analysis)).isEmpty();
    }

    private static AnalysisResult analyse(Map<String, Long> units, MetricRole role, double controlRate,
                                          double treatmentRate) {
        MetricStatistics conversion = new MetricStatistics("conversion", MetricKind.PROPORTION, role, null, List.of(
                proportion("control", units.get("control"), controlRate),
                proportion("treatment", units.get("treatment"), treatmentRate)));
        return new Analyzer().analyze(new AnalysisRequest("control", 0.05, HALF, units, units, List.of(conversion),
                null));
    }

    private static ArmMoments proportion(String treatment, long n, double rate) {
        BigDecimal converted = BigDecimal.valueOf(Math.round(n * rate));
        return new ArmMoments(treatment, n, converted, converted, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }
}
