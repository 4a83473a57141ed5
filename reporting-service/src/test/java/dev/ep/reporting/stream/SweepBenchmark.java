package dev.ep.reporting.stream;

import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.testsupport.load.BenchmarkArguments;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The units' sweep with a large store ({@code bench/run.sh sweep}): the topology in a {@code TopologyTestDriver} on
 * RocksDB stores, in this thread, so that the thread's CPU time ({@link ThreadMXBean}) is the stream thread's. Per run:
 * {@code units} sessions only assigned (a decision each, kept for the unit memory, 30 days by default), then
 * {@code minutes} of stream time with {@code rate} new sessions per stream-second (a decision, a coverage and a page
 * view each) and {@code ticks} wall-clock punctuations per stream-second (the production 50 ms: the sweep's batches
 * of 250). Measured over the trickle only: the thread's CPU-seconds and the units the sweep read, per pass.
 *
 * <p>Two runs, each from an empty state directory, with the same inputs:
 * <ol>
 *   <li><b>index</b>: today's sweep, the due index only (one full pass at the start, of the first unit);</li>
 *   <li><b>full</b>: the same code made to pass over every unit each sweep period, as the sweep did before the index,
 *   by a configuration change half-way through each period (a new experiment in the catalog: a catalog change makes
 *   the next pass a full one, and the new experiment changes no unit).</li>
 * </ol>
 * The ratio full / index of the CPU-seconds is the figure; both runs are measured in the same process.
 */
public final class SweepBenchmark {

    private static final String EXP = "sweep-bench";

    private final Map<String, String> options;

    private SweepBenchmark(Map<String, String> options) {
        this.options = options;
    }

    /** One run's figures. */
    record Measured(String name, double cpuSeconds, double wallSeconds, long inputs, long fullPasses, long duePasses,
                    long fullRead, long dueRead, long units, ArmTotals control) {

        double readPerPass() {
            long passes = fullPasses + duePasses;
            return passes == 0 ? 0 : (double) (fullRead + dueRead) / passes;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("units", "200000", "minutes", "5", "rate", "20",
                "ticks", "20"));
        BenchmarkArguments.apply(options, args);
        System.exit(new SweepBenchmark(options).run());
    }

    private int run() throws Exception {
        String before = loadAverage();
        Measured index = measure("index", false);
        Measured full = measure("full", true);
        if (index.units() != full.units() || index.control().assigned() != full.control().assigned()
                || index.control().exposed() != full.control().exposed()) {
            System.out.println("the two runs disagree: " + index + " / " + full);
            return 1;
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "`bench/run.sh sweep %s` at %s, load average %s before, %s after%n%n",
                options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")),
                Instant.now(), before, loadAverage()));
        out.append("| run | stream-thread CPU-s | wall s | inputs | passes full / due | units read full / due "
                + "| units read per pass | units at the end |\n|---|---|---|---|---|---|---|---|\n");
        for (Measured m : List.of(index, full)) {
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f | %d | %d / %d | %d / %d | %.0f | %d |%n",
                    m.name(), m.cpuSeconds(), m.wallSeconds(), m.inputs(), m.fullPasses(), m.duePasses(),
                    m.fullRead(), m.dueRead(), m.readPerPass(), m.units()));
        }
        out.append(String.format(Locale.ROOT, "%nCPU ratio full / index: %.2f%n",
                full.cpuSeconds() / index.cpuSeconds()));
        System.out.print(out);
        Path dir = Path.of("target/benchmarks");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sweep-results.md"), out.toString());
        return 0;
    }

    private Measured measure(String name, boolean fullEveryPeriod) throws Exception {
        int units = Integer.parseInt(options.get("units"));
        int minutes = Integer.parseInt(options.get("minutes"));
        int rate = Integer.parseInt(options.get("rate"));
        int ticks = Integer.parseInt(options.get("ticks"));
        // the service's defaults: window 7 days, grace 1 h, memory 30 days; sweep every minute, 250 units a batch
        AttributionSettings settings = new AttributionSettings(Duration.ofDays(7).toMillis(),
                Duration.ofHours(1).toMillis(), Duration.ofDays(30).toMillis());
        Duration tick = Duration.ofMillis(1_000 / ticks);
        try (TopologyHarness harness = new TopologyHarness(settings, Duration.ofMinutes(1), Duration.ofSeconds(1),
                tick, Files.createTempDirectory("reporting-sweep-bench"), 1, 250)) {
            harness.send(TopologyHarness.TOPICS.config(), Events.experiment(EXP, UnitType.SESSION, null));
            for (int i = 0; i < units; i++) {
                harness.send(TopologyHarness.TOPICS.assignments(),
                        Events.decision("fill-" + i, EXP, i % 2 == 0 ? "control" : "treatment", false, null,
                                i % 1_000));
            }
            System.out.printf(Locale.ROOT, "%s: %d assigned-only units in the store%n", name, units);
            StreamCounters c = harness.counters;
            long fullPasses = c.passes(SweepPass.FULL);
            long duePasses = c.passes(SweepPass.DUE);
            long fullRead = c.swept(SweepPass.FULL);
            long dueRead = c.swept(SweepPass.DUE);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            long inputs = 0;
            for (int second = 1; second <= minutes * 60; second++) {
                if (fullEveryPeriod && second % 60 == 30) {
                    harness.send(TopologyHarness.TOPICS.config(),
                            Events.experiment("other-" + second, UnitType.SESSION, null));
                }
                for (int j = 0; j < rate; j++) {
                    String session = "t" + second + "-" + j;
                    long at = second * 1_000L + j;
                    String treatment = j % 2 == 0 ? "control" : "treatment";
                    harness.send(TopologyHarness.TOPICS.assignments(),
                            Events.decision(session, EXP, treatment, false, null, at));
                    harness.send(TopologyHarness.TOPICS.coverage(), Events.coverage(EXP, 1, treatment,
                            UnitType.SESSION, session, session, 100, at));
                    harness.send(TopologyHarness.TOPICS.events(),
                            Events.event("p" + session, TrackingType.PAGE_VIEW, session, null, at + 1));
                    inputs += 3;
                }
                for (int t = 0; t < ticks; t++) {
                    harness.advanceWallClock(tick);
                }
            }
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            long stored = 0;
            try (var all = harness.driver.getKeyValueStore(ReportingTopology.SESSION_UNITS_STORE).all()) {
                for (; all.hasNext(); all.next()) {
                    stored++;
                }
            }
            Measured m = new Measured(name, cpuSeconds, wallSeconds, inputs, c.passes(SweepPass.FULL) - fullPasses,
                    c.passes(SweepPass.DUE) - duePasses, c.swept(SweepPass.FULL) - fullRead,
                    c.swept(SweepPass.DUE) - dueRead, stored, harness.arm(EXP, 1, "control"));
            System.out.printf(Locale.ROOT, "%s: %.2f CPU-s, %d passes full / %d due, %d / %d units read%n", name,
                    m.cpuSeconds(), m.fullPasses(), m.duePasses(), m.fullRead(), m.dueRead());
            return m;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
