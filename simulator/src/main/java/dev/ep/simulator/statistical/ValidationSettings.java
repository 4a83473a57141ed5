package dev.ep.simulator.statistical;

import java.util.ArrayList;
import java.util.List;

/**
 * The statistical validation's options, each with its default. {@link #parse} reads the command line
 * ({@code --experiments 10000 --seed 1 --batches 20 ...}) and says which option is wrong.
 *
 * @param experiments        simulated A/A experiments
 * @param seed               the seed; equal seeds give equal reports
 * @param batches            looks per A/A experiment: the units arrive in this many equal batches, the analysis runs
 *                           after each
 * @param unitsPerExperiment units per A/A experiment, over all arms
 * @param alpha              the significance level
 * @param plantedRuns        runs with a planted conversion lift (0: no power check)
 * @param plantedLift        the planted relative lift of the conversion rate, also the calculator's MDE
 * @param power              the power the calculator sizes the planted runs for
 * @param threads            worker threads (the report does not depend on it)
 * @param defect             a defect injected on purpose, or NONE
 */
public record ValidationSettings(int experiments, long seed, int batches, int unitsPerExperiment, double alpha,
                                 int plantedRuns, double plantedLift, double power, int threads, Defect defect) {

    public static final ValidationSettings DEFAULT = new ValidationSettings(10_000, 1, 20, 6_000, 0.05, 2_000, 0.05,
            0.8, Runtime.getRuntime().availableProcessors(), Defect.NONE);

    public ValidationSettings {
        require(experiments >= 1 && experiments <= 10_000_000, "--experiments", "between 1 and 10000000");
        require(batches >= 1 && batches <= 1_000, "--batches", "between 1 and 1000");
        require(unitsPerExperiment >= 2L * batches && unitsPerExperiment <= 10_000_000, "--units",
                "between 2 × batches and 10000000");
        require(alpha > 0 && alpha < 0.5, "--alpha", "in (0, 0.5)");
        require(plantedRuns >= 0 && plantedRuns <= 1_000_000, "--planted-runs", "between 0 and 1000000");
        require(plantedLift > 0 && plantedLift <= 5, "--planted-lift", "in (0, 5]");
        require(power > alpha && power < 1, "--power", "in (alpha, 1)");
        require(threads >= 1 && threads <= 256, "--threads", "between 1 and 256");
        if (defect == null) {
            defect = Defect.NONE;
        }
    }

    /** Usage text for {@code --help} and errors. */
    public static String usage() {
        return String.join("\n",
                "Usage: StatisticalValidation [options]",
                "  --experiments N   simulated A/A experiments (default " + DEFAULT.experiments + ")",
                "  --seed S          seed (default " + DEFAULT.seed + ")",
                "  --batches B       looks per experiment: units arrive in B batches (default " + DEFAULT.batches + ")",
                "  --units U         units per A/A experiment (default " + DEFAULT.unitsPerExperiment + ")",
                "  --alpha A         significance level (default " + DEFAULT.alpha + ")",
                "  --planted-runs R  runs with a planted conversion lift, 0 for none (default " + DEFAULT.plantedRuns
                        + ")",
                "  --planted-lift L  planted relative lift = the calculator's MDE (default " + DEFAULT.plantedLift + ")",
                "  --power P         power the planted runs are sized for (default " + DEFAULT.power + ")",
                "  --threads T       worker threads; the report does not depend on it (default: cores)",
                "  --defect D        inject a defect on purpose: NONE, PEEK_WITH_FIXED_HORIZON_P, BIASED_SPLITTER,",
                "                    ONE_SIDED_P_AS_TWO_SIDED",
                "  --output FILE     also write the Markdown report to FILE",
                "Exit code 0 when every check passes, 1 when one fails, 2 for a usage error.");
    }

    /** The settings and the optional output file of a command line. */
    public record CommandLine(ValidationSettings settings, String output) {
    }

    /** @throws IllegalArgumentException naming the option that is wrong */
    public static CommandLine parse(String[] args) {
        int experiments = DEFAULT.experiments;
        long seed = DEFAULT.seed;
        int batches = DEFAULT.batches;
        int units = DEFAULT.unitsPerExperiment;
        double alpha = DEFAULT.alpha;
        int plantedRuns = DEFAULT.plantedRuns;
        double plantedLift = DEFAULT.plantedLift;
        double power = DEFAULT.power;
        int threads = DEFAULT.threads;
        Defect defect = Defect.NONE;
        String output = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value (or is unknown)\n" + usage());
            }
            String value = rest.remove(0);
            try {
                switch (option) {
                    case "--experiments" -> experiments = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--batches" -> batches = Integer.parseInt(value);
                    case "--units" -> units = Integer.parseInt(value);
                    case "--alpha" -> alpha = Double.parseDouble(value);
                    case "--planted-runs" -> plantedRuns = Integer.parseInt(value);
                    case "--planted-lift" -> plantedLift = Double.parseDouble(value);
                    case "--power" -> power = Double.parseDouble(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--defect" -> defect = defect(value);
                    case "--output" -> output = value;
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + usage());
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": not a number: " + value);
            }
        }
        return new CommandLine(new ValidationSettings(experiments, seed, batches, units, alpha, plantedRuns,
                plantedLift, power, threads, defect), output);
    }

    private static Defect defect(String value) {
        for (Defect defect : Defect.values()) {
            if (defect.name().equalsIgnoreCase(value)) {
                return defect;
            }
        }
        throw new IllegalArgumentException("--defect: " + value + " is not one of NONE, PEEK_WITH_FIXED_HORIZON_P,"
                + " BIASED_SPLITTER, ONE_SIDED_P_AS_TWO_SIDED");
    }

    private static void require(boolean ok, String option, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(option + " must be " + rule);
        }
    }
}
