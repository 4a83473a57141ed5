package dev.ep.simulator.statistical;

import dev.ep.simulator.statistical.Check.Sidedness;
import dev.ep.stats.analysis.Analyzer;
import dev.ep.stats.power.PowerCalculator;
import dev.ep.stats.power.PowerRequest;
import dev.ep.stats.power.PowerResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Issue 11 §5, "planted effects are found", without the HTTP path: simulate units, aggregate them into the exact
 * sufficient statistics, analyse them with the statistics core (the same {@link Analyzer} reporting-service runs, with
 * its default τ² and monotone always-valid p-values), repeat, and compare how often each test fires with the binomial
 * band of the rate a correct implementation has:
 * <ul>
 *   <li>A/A, fixed horizon: Welch p &lt; α at the final look, on conversion and on revenue per unit, within the
 *       99.9% band of Binomial(runs, α);</li>
 *   <li>A/A, continuous peeking after every batch: always-valid p &lt; α at any look, at most the band's upper edge
 *       (Johari, Pekelis, Walsh 2017: P(∃n: p_n ≤ α) ≤ α by Ville's inequality);</li>
 *   <li>A/A, the sequential SRM check on coverage flagged at any look, at most the upper edge of the band of
 *       Binomial(runs, 0.001) (Lindon &amp; Malek 2022, the same bound);</li>
 *   <li>planted lift: with the units per arm the {@link PowerCalculator} asks for, the detection rate within the band
 *       of Binomial(runs, power).</li>
 * </ul>
 * Each run draws from its own generator, seeded from the seed and the run's index, so the report is the same
 * whatever the number of threads.
 */
public final class StatisticalValidation {

    private static final long A_A_STREAM = 0x5A5A_0001L;
    private static final long PLANTED_STREAM = 0x5A5A_0002L;

    private StatisticalValidation() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command: 0 when every check passes, 1 when one fails, 2 for a usage error. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            out.println(ValidationSettings.usage());
            return 0;
        }
        ValidationSettings.CommandLine command;
        try {
            command = ValidationSettings.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        ValidationReport report = run(command.settings());
        String markdown = report.toMarkdown();
        out.print(markdown);
        err.printf(Locale.ROOT, "statistical validation ran in %.1f s on %d thread(s)%n",
                (System.nanoTime() - started) / 1e9, command.settings().threads());
        if (command.output() != null) {
            try {
                Files.writeString(Path.of(command.output()), markdown, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("cannot write " + command.output() + ": " + e.getMessage());
                return 2;
            }
        }
        return report.allPassed() ? 0 : 1;
    }

    /** Runs every simulation of {@code settings} and checks the rates. */
    public static ValidationReport run(ValidationSettings settings) {
        ShopUnitModel model = ShopUnitModel.DEFAULT;
        Analyzer analyzer = new Analyzer();
        AaRun.Outcome[] outcomes = parallel(settings.threads(), () -> IntStream.range(0, settings.experiments())
                .parallel()
                .mapToObj(i -> AaRun.run(Scenario.forRun(i), model, settings,
                        new SplittableRandom(runSeed(settings.seed(), A_A_STREAM, i)), analyzer))
                .toArray(AaRun.Outcome[]::new));
        int n = settings.experiments();
        double alpha = settings.alpha();
        BinomialBand alphaBand = BinomialBand.of(n, alpha, BinomialBand.CONFIDENCE);
        BinomialBand srmBand = BinomialBand.of(n, Analyzer.SRM_THRESHOLD, BinomialBand.CONFIDENCE);
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("A/A fixed horizon, conversion: Welch p < α at the final look",
                count(outcomes, AaRun.Outcome::fixedConversion), alphaBand, Sidedness.WITHIN));
        checks.add(new Check("A/A fixed horizon, revenue per unit: Welch p < α at the final look",
                count(outcomes, AaRun.Outcome::fixedRevenue), alphaBand, Sidedness.WITHIN));
        checks.add(new Check("A/A peeking after every batch, conversion: always-valid p < α at any look",
                count(outcomes, AaRun.Outcome::alwaysValidConversion), alphaBand, Sidedness.AT_MOST));
        checks.add(new Check("A/A peeking after every batch, revenue per unit: always-valid p < α at any look",
                count(outcomes, AaRun.Outcome::alwaysValidRevenue), alphaBand, Sidedness.AT_MOST));
        checks.add(new Check("A/A healthy split: sequential SRM on coverage flagged (p < 0.001) at any look",
                count(outcomes, AaRun.Outcome::srmFlagged), srmBand, Sidedness.AT_MOST));
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "Units: conversion %s; a converting unit's revenue is log-normal in minor"
                        + " units (median %d, σ = %s), so revenue per unit is zero-inflated and skewed.",
                ValidationReport.percent(model.conversionRate()), Math.round(Math.exp(model.logMean())),
                model.logSd()));
        notes.add("Scenarios in rotation (control first; the last arm's comparison is counted, one per run): "
                + String.join(", ", Scenario.ROTATION.stream().map(Scenario::name).toList()) + ".");
        for (int s = 0; s < Scenario.ROTATION.size(); s++) {
            int scenario = s;
            List<AaRun.Outcome> of = IntStream.range(0, n).filter(i -> Math.floorMod(i, Scenario.ROTATION.size())
                    == scenario).mapToObj(i -> outcomes[i]).toList();
            if (of.isEmpty()) {
                continue;
            }
            AaRun.Outcome[] part = of.toArray(AaRun.Outcome[]::new);
            notes.add(String.format(Locale.ROOT, "%s (%d runs): fixed horizon %s / %s, always-valid %s / %s"
                            + " (conversion / revenue), SRM %s.", Scenario.ROTATION.get(s).name(), part.length,
                    rate(part, AaRun.Outcome::fixedConversion), rate(part, AaRun.Outcome::fixedRevenue),
                    rate(part, AaRun.Outcome::alwaysValidConversion), rate(part, AaRun.Outcome::alwaysValidRevenue),
                    rate(part, AaRun.Outcome::srmFlagged)));
        }
        if (settings.plantedRuns() > 0) {
            planted(settings, model, analyzer, checks, notes);
        }
        return new ValidationReport(settings, checks, notes);
    }

    private static void planted(ValidationSettings settings, ShopUnitModel model, Analyzer analyzer,
                                List<Check> checks, List<String> notes) {
        double p = model.conversionRate();
        PowerResult size = new PowerCalculator().calculate(new PowerRequest(settings.plantedLift(), p, p * (1 - p),
                settings.alpha(), settings.power(), 2, null));
        long unitsPerArm = size.unitsPerArm();
        Boolean[] detected = parallel(settings.threads(), () -> IntStream.range(0, settings.plantedRuns())
                .parallel()
                .mapToObj(i -> PlantedRun.detected(unitsPerArm, model, settings.plantedLift(), settings.alpha(),
                        settings.defect(), new SplittableRandom(runSeed(settings.seed(), PLANTED_STREAM, i)), analyzer))
                .toArray(Boolean[]::new));
        int count = 0;
        for (Boolean d : detected) {
            count += d ? 1 : 0;
        }
        checks.add(new Check(String.format(Locale.ROOT, "Planted +%s conversion lift: Welch p < α at the calculator's"
                        + " %d units per arm", ValidationReport.percent(settings.plantedLift()), unitsPerArm),
                count, BinomialBand.of(settings.plantedRuns(), settings.power(), BinomialBand.CONFIDENCE),
                Sidedness.WITHIN));
        notes.add(String.format(Locale.ROOT, "Planted runs: control conversion %s, treatment %s, 50/50;"
                        + " PowerCalculator(MDE %s, baseline %s, variance p(1 − p), α %s, power %s) = %d units per arm."
                        + " The calculator sizes with the baseline variance in both arms (statsmodels'"
                        + " NormalIndPower); with each arm's own variance the normal approximation gives %s at that"
                        + " n (the treatment's larger p(1 − p)).",
                ValidationReport.percent(p), ValidationReport.percent(p * (1 + settings.plantedLift())),
                ValidationReport.percent(settings.plantedLift()), ValidationReport.percent(p), settings.alpha(),
                settings.power(), unitsPerArm,
                ValidationReport.percent(powerWithOwnVariances(p, settings.plantedLift(), unitsPerArm,
                        settings.alpha()))));
    }

    /**
     * Two-sided power of the z-test of two proportions with each arm's own variance (normal approximation):
     * Φ(δ/se − z_{1−α/2}) + Φ(−δ/se − z_{1−α/2}), se = sqrt((p₀(1 − p₀) + p₁(1 − p₁))/n). Shown beside the
     * calculator's figure, which uses p₀(1 − p₀) for both arms.
     */
    static double powerWithOwnVariances(double p0, double relativeLift, long unitsPerArm, double alpha) {
        double p1 = p0 * (1 + relativeLift);
        double se = Math.sqrt((p0 * (1 - p0) + p1 * (1 - p1)) / unitsPerArm);
        double shift = Math.abs(p1 - p0) / se;
        NormalDistribution normal = NormalDistribution.of(0, 1);
        double critical = normal.inverseCumulativeProbability(1 - alpha / 2);
        return normal.cumulativeProbability(shift - critical) + normal.cumulativeProbability(-shift - critical);
    }

    /** A run's seed: the SplitMix64 finaliser of (seed, stream, index), so runs are independent of scheduling. */
    static long runSeed(long seed, long stream, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int count(AaRun.Outcome[] outcomes, java.util.function.Predicate<AaRun.Outcome> what) {
        int count = 0;
        for (AaRun.Outcome outcome : outcomes) {
            if (what.test(outcome)) {
                count++;
            }
        }
        return count;
    }

    private static String rate(AaRun.Outcome[] outcomes, java.util.function.Predicate<AaRun.Outcome> what) {
        return ValidationReport.percent((double) count(outcomes, what) / outcomes.length);
    }

    private static <T> T parallel(int threads, java.util.concurrent.Callable<T> work) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulated run failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
