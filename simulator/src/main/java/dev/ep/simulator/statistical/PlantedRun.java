package dev.ep.simulator.statistical;

import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.Analyzer;
import dev.ep.stats.analysis.MetricKind;
import dev.ep.stats.analysis.MetricRole;
import dev.ep.stats.analysis.MetricStatistics;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One run with a planted effect: exactly {@code unitsPerArm} units in each of two arms (50/50, the calculator's
 * equal allocation), the treatment's conversion rate raised by the planted relative lift. Detected when the
 * Analyzer's fixed-horizon Welch p on conversion is below α (both tails, as the calculator counts them).
 */
final class PlantedRun {

    static final String CONTROL = "control";
    static final String TREATMENT = "treatment";

    private PlantedRun() {
    }

    static boolean detected(long unitsPerArm, ShopUnitModel model, double relativeLift, double alpha, Defect defect,
                            RandomGenerator random, Analyzer analyzer) {
        ShopUnitModel lifted = model.withConversionLift(relativeLift);
        ArmTally control = new ArmTally(CONTROL);
        ArmTally treatment = new ArmTally(TREATMENT);
        for (long u = 0; u < unitsPerArm; u++) {
            control.add(model.converts(random), 0);
            treatment.add(lifted.converts(random), 0);
        }
        AnalysisRequest request = new AnalysisRequest(CONTROL, alpha, Map.of(CONTROL, 5000, TREATMENT, 5000),
                Map.of(CONTROL, control.units(), TREATMENT, treatment.units()), Map.of(),
                List.of(new MetricStatistics(AaRun.CONVERSION, MetricKind.PROPORTION, MetricRole.PRIMARY, null,
                        List.of(control.conversion(), treatment.conversion()))),
                null);
        AnalysisResult result = analyzer.analyze(request);
        return AaRun.below(defect.fixedHorizonP(AaRun.comparison(result, AaRun.CONVERSION, TREATMENT).pValue()),
                alpha);
    }
}
