package dev.ep.reporting.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

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
