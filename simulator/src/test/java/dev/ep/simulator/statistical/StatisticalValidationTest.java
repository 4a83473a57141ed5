package dev.ep.simulator.statistical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statistical validation at a size that fits CI (its bands are computed for that size), and the proof that it
 * can fail: each deliberately broken analysis turns its check red.
 */
class StatisticalValidationTest {

    private static ValidationSettings settings(int experiments, int plantedRuns, Defect defect, int threads) {
        return new ValidationSettings(experiments, 7, 20, 6_000, 0.05, plantedRuns, 0.05, 0.8, threads, defect);
    }

    @Test
    void shouldPassEveryCheckWhenTheAnalysisIsCorrect() {
        ValidationReport report = StatisticalValidation.run(settings(2_000, 400, Defect.NONE, 2));

        assertThat(report.failures()).isEmpty();
        assertThat(report.allPassed()).isTrue();
        assertThat(report.checks()).hasSize(6);
        // the bands are those of 2,000 runs, not the 10,000
        assertThat(report.checks().get(0).band().lower()).isEqualTo(69);
        assertThat(report.checks().get(0).band().upper()).isEqualTo(133);
        assertThat(report.checks().get(5).band().trials()).isEqualTo(400);
    }

    @Test
    void shouldFailTheAlwaysValidChecksWhenPeekingWithTheFixedHorizonP() {
        ValidationReport report = StatisticalValidation.run(settings(500, 0, Defect.PEEK_WITH_FIXED_HORIZON_P, 2));

        assertThat(report.allPassed()).isFalse();
        assertThat(report.failures()).containsExactly(
                "A/A peeking after every batch, conversion: always-valid p < α at any look",
                "A/A peeking after every batch, revenue per unit: always-valid p < α at any look");
    }

    @Test
    void shouldFailTheSrmCheckWhenTheSplitterIsBiased() {
        ValidationReport report = StatisticalValidation.run(settings(500, 0, Defect.BIASED_SPLITTER, 2));

        assertThat(report.failures()).containsExactly(
                "A/A healthy split: sequential SRM on coverage flagged (p < 0.001) at any look");
    }

    @Test
    void shouldFailTheFixedHorizonAndPowerChecksWhenAOneSidedPIsReportedAsTwoSided() {
        ValidationReport report = StatisticalValidation.run(settings(500, 1_000, Defect.ONE_SIDED_P_AS_TWO_SIDED, 2));

        assertThat(report.failures()).containsExactly(
                "A/A fixed horizon, conversion: Welch p < α at the final look",
                "A/A fixed horizon, revenue per unit: Welch p < α at the final look",
                "Planted +5.00% conversion lift: Welch p < α at the calculator's 56512 units per arm");
    }

    @Test
    void shouldGiveTheSameReportWhateverTheNumberOfThreads() {
        String one = StatisticalValidation.run(settings(200, 20, Defect.NONE, 1)).toMarkdown();
        String three = StatisticalValidation.run(settings(200, 20, Defect.NONE, 3)).toMarkdown();

        assertThat(three).isEqualTo(one);
    }

    @Test
    void shouldExitWithZeroOneOrTwo() {
        assertThat(execute("--experiments", "40", "--planted-runs", "0", "--batches", "4", "--units", "2000"))
                .isEqualTo(0);
        assertThat(execute("--experiments", "40", "--planted-runs", "0", "--batches", "4", "--units", "6000",
                "--defect", "BIASED_SPLITTER")).isEqualTo(1);
        assertThat(execute("--experiments", "many")).isEqualTo(2);
        assertThat(execute("--colour", "blue")).isEqualTo(2);
        assertThat(execute("--units", "10", "--batches", "20")).isEqualTo(2);
    }

    @Test
    void shouldPrintTheMarkdownTable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatisticalValidation.execute(new String[] {"--experiments", "40", "--planted-runs", "0", "--batches", "4",
                "--units", "2000"}, new PrintStream(out, true, StandardCharsets.UTF_8), nullStream());

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).contains("| Check | Runs | Observed | Expected | 99.9% band | Result |");
        assertThat(lines).anyMatch(l -> l.startsWith("| A/A fixed horizon, conversion") && l.endsWith("| pass |"));
        assertThat(lines).last().isEqualTo("All checks passed.");
    }

    @Test
    void shouldComputeThePowerWithEachArmsOwnVariance() {
        // scipy: 0.005 / sqrt((0.09 + 0.105·0.895)/56512) = 2.77116; norm.cdf(2.77116 − 1.95996) + norm.cdf(−2.77116 − 1.95996) = 0.79137
        assertThat(StatisticalValidation.powerWithOwnVariances(0.10, 0.05, 56_512, 0.05))
                .isCloseTo(0.79137, org.assertj.core.data.Offset.offset(0.00001));
    }

    private static int execute(String... args) {
        return StatisticalValidation.execute(args, nullStream(), nullStream());
    }

    private static PrintStream nullStream() {
        return new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
