package dev.ep.simulator.statistical;

import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.AnalysisResult.ComparisonResult;
import dev.ep.stats.analysis.Analyzer;
import dev.ep.stats.analysis.ArmMoments;
import dev.ep.stats.analysis.MetricKind;
import dev.ep.stats.analysis.MetricRole;
import dev.ep.stats.analysis.MetricStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One simulated A/A experiment: units arrive in batches, each is split by the configured weights and converts and
 * spends by the same {@link ShopUnitModel} whatever its arm; after every batch the platform's {@link Analyzer} runs on
 * the exact cumulative sufficient statistics, with the previous always-valid p-values passed back as the stream
 * does (so they are the platform's running minima), and with the default τ².
 */
final class AaRun {

    static final String CONVERSION = "conversion";
    static final String REVENUE = "revenue_per_unit";

    private AaRun() {
    }

    /**
     * What happened in one run.
     *
     * @param fixedConversion       Welch p &lt; α on conversion at the final look
     * @param fixedRevenue          Welch p &lt; α on revenue per unit at the final look
     * @param alwaysValidConversion always-valid p &lt; α on conversion at any look
     * @param alwaysValidRevenue    always-valid p &lt; α on revenue at any look
     * @param srmFlagged            the sequential SRM check on coverage flagged at any look
     */
    record Outcome(boolean fixedConversion, boolean fixedRevenue, boolean alwaysValidConversion,
                   boolean alwaysValidRevenue, boolean srmFlagged) {
    }

    static Outcome run(Scenario scenario, ShopUnitModel model, ValidationSettings settings, RandomGenerator random,
                       Analyzer analyzer) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (Scenario.Arm arm : scenario.arms()) {
            weights.put(arm.treatment(), arm.basisPoints());
        }
        int[] splitter = splitter(scenario, settings.defect());
        List<ArmTally> tallies = scenario.arms().stream().map(arm -> new ArmTally(arm.treatment())).toList();
        boolean peekWithFixedP = settings.defect() == Defect.PEEK_WITH_FIXED_HORIZON_P;
        AnalysisRequest.PreviousAlwaysValid previous = null;
        AnalysisResult result = null;
        boolean alwaysValidConversion = false;
        boolean alwaysValidRevenue = false;
        boolean srm = false;
        long units = settings.unitsPerExperiment();
        for (int batch = 0; batch < settings.batches(); batch++) {
            long size = units * (batch + 1) / settings.batches() - units * batch / settings.batches();
            for (long u = 0; u < size; u++) {
                ArmTally tally = tallies.get(pick(splitter, random));
                boolean converted = model.converts(random);
                tally.add(converted, converted ? model.revenueMinor(random) : 0);
            }
            result = analyzer.analyze(request(scenario, weights, tallies, settings.alpha(), previous));
            previous = result.nextPrevious();
            ComparisonResult conversion = comparison(result, CONVERSION, scenario.checkedTreatment());
            ComparisonResult revenue = comparison(result, REVENUE, scenario.checkedTreatment());
            alwaysValidConversion |= below(peekWithFixedP ? conversion.pValue() : conversion.alwaysValidP(),
                    settings.alpha());
            alwaysValidRevenue |= below(peekWithFixedP ? revenue.pValue() : revenue.alwaysValidP(),
                    settings.alpha());
            srm |= result.srmCoverage().flagged();
        }
        Defect defect = settings.defect();
        return new Outcome(
                below(defect.fixedHorizonP(comparison(result, CONVERSION, scenario.checkedTreatment()).pValue()),
                        settings.alpha()),
                below(defect.fixedHorizonP(comparison(result, REVENUE, scenario.checkedTreatment()).pValue()),
                        settings.alpha()),
                alwaysValidConversion, alwaysValidRevenue, srm);
    }

    /** Cumulative basis points per arm; the biased splitter moves weight from the last arm to the control. */
    static int[] splitter(Scenario scenario, Defect defect) {
        int[] cumulative = new int[scenario.arms().size()];
        int total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            int weight = scenario.arms().get(i).basisPoints();
            if (defect == Defect.BIASED_SPLITTER) {
                if (i == 0) {
                    weight += Defect.SPLITTER_BIAS_BASIS_POINTS;
                } else if (i == cumulative.length - 1) {
                    weight -= Defect.SPLITTER_BIAS_BASIS_POINTS;
                }
            }
            total += weight;
            cumulative[i] = total;
        }
        return cumulative;
    }

    static int pick(int[] cumulative, RandomGenerator random) {
        int draw = random.nextInt(10_000);
        for (int i = 0; i < cumulative.length; i++) {
            if (draw < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    private static AnalysisRequest request(Scenario scenario, Map<String, Integer> weights, List<ArmTally> tallies,
                                           double alpha, AnalysisRequest.PreviousAlwaysValid previous) {
        Map<String, Long> coverage = new LinkedHashMap<>();
        List<ArmMoments> conversion = new ArrayList<>();
        List<ArmMoments> revenue = new ArrayList<>();
        for (ArmTally tally : tallies) {
            coverage.put(tally.treatment(), tally.units());
            conversion.add(tally.conversion());
            revenue.add(tally.revenue());
        }
        return new AnalysisRequest(scenario.control(), alpha, weights, coverage, Map.of(),
                List.of(new MetricStatistics(CONVERSION, MetricKind.PROPORTION, MetricRole.PRIMARY, null, conversion),
                        new MetricStatistics(REVENUE, MetricKind.MEAN, MetricRole.GUARDRAIL, null, revenue)),
                previous);
    }

    static ComparisonResult comparison(AnalysisResult result, String metric, String treatment) {
        return result.metrics().stream()
                .filter(m -> m.metric().equals(metric))
                .flatMap(m -> m.comparisons().stream())
                .filter(c -> c.treatment().equals(treatment))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no comparison of " + treatment + " on " + metric));
    }

    /** A figure that could not be computed (too few units) is no rejection. */
    static boolean below(Double p, double alpha) {
        return p != null && p < alpha;
    }
}
