package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Activity;
import dev.ep.reporting.attribution.ActivityType;
import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.attribution.Coverage;
import dev.ep.reporting.attribution.Decision;
import dev.ep.reporting.attribution.ExperimentRules;
import dev.ep.reporting.attribution.UnitInput;
import dev.ep.reporting.attribution.UnitState;
import dev.ep.testsupport.load.BenchmarkArguments;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The units' sweep with a large store ({@code bench/run.sh sweep}): one {@link UnitProcessor} driven in this thread
 * on real RocksDB stores (unit store and due index; the pending sums in memory, as in the service), so the thread's
 * CPU time ({@link ThreadMXBean}) is the processor's: attribution, the stores' reads and writes, the sweep. Kafka's
 * own per-record work (decoding, commits, changelogs) is left out; it is the same for both runs.
 *
 * <p>Per run: {@code units} sessions only assigned (a decision each, kept for the unit memory, 30 days by default),
 * then {@code minutes} of stream time with {@code rate} new sessions per stream-second (a decision, a coverage and a
 * page view each), a stream-time punctuation each minute (the sweep period) and {@code ticks} wall-clock punctuations
 * per stream-second (the production 50 ms: the sweep's batches of 250). Measured over the trickle only.
 *
 * <ol>
 *   <li><b>index</b>: today's sweep, the due index (its one full pass at the task's first record, before the fill);</li>
 *   <li><b>full</b>: the same code made to pass over every unit each sweep period, as the sweep did before the index,
 *   by a catalog change half-way through each period (a new experiment that no unit is in: the next pass is a full
 *   one and changes nothing).</li>
 * </ol>
 * The ratio full / index of the CPU-seconds is the figure; both in the same process, alternating for {@code rounds}
 * rounds (the first round pays the JIT's warm-up), the ratio of the last round.
 */
public final class SweepBenchmark {

    private static final String EXP = "sweep-bench";
    private static final long MINUTE = 60_000;

    private final Map<String, String> options;

    private SweepBenchmark(Map<String, String> options) {
        this.options = options;
    }

    /** One run's figures. */
    record Measured(String name, double cpuSeconds, double wallSeconds, long inputs, long fullPasses, long duePasses,
                    long fullRead, long dueRead, long units) {

        double readPerPass() {
            long passes = fullPasses + duePasses;
            return passes == 0 ? 0 : (double) (fullRead + dueRead) / passes;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("units", "200000", "minutes", "5", "rate", "20",
                "ticks", "20", "rounds", "2"));
        BenchmarkArguments.apply(options, args);
        System.exit(new SweepBenchmark(options).run());
    }

    private int run() throws Exception {
        String before = loadAverage();
        List<Measured> runs = new java.util.ArrayList<>();
        int rounds = Integer.parseInt(options.get("rounds"));
        for (int round = 1; round <= rounds; round++) {
            // alternating, so that neither gets all of the JIT's warm-up
            runs.add(measure("index, round " + round, false));
            runs.add(measure("full, round " + round, true));
        }
        Measured index = runs.get(runs.size() - 2);
        Measured full = runs.get(runs.size() - 1);
        if (runs.stream().mapToLong(Measured::units).distinct().count() != 1) {
            System.out.println("the runs disagree: " + runs);
            return 1;
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "`bench/run.sh sweep %s` at %s, load average %s before, %s after%n%n",
                options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")),
                Instant.now(), before, loadAverage()));
        out.append("| run | thread CPU-s | wall s | inputs | passes full / due | units read full / due "
                + "| units read per pass | units at the end |\n|---|---|---|---|---|---|---|---|\n");
        for (Measured m : runs) {
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f | %d | %d / %d | %d / %d | %.0f | %d |%n",
                    m.name(), m.cpuSeconds(), m.wallSeconds(), m.inputs(), m.fullPasses(), m.duePasses(),
                    m.fullRead(), m.dueRead(), m.readPerPass(), m.units()));
        }
        out.append(String.format(Locale.ROOT, "%nCPU ratio full / index (last round): %.2f%n",
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
        File stateDir = Files.createTempDirectory("reporting-sweep-bench").toFile();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sweep-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        MockProcessorContext<String, ArmChange> context = new MockProcessorContext<>(props, new TaskId(0, 0),
                stateDir);
        KeyValueStore<String, UnitState> unitStore = store(context, Stores.persistentKeyValueStore("units"),
                UnitCodecs.unitState());
        KeyValueStore<String, String> dueStore = store(context, Stores.persistentKeyValueStore("due"),
                Serdes.String());
        store(context, Stores.inMemoryKeyValueStore("pending"), UnitCodecs.armChange());
        ConfigView config = new ConfigView();
        Map<String, ExperimentRules> experiments = new HashMap<>();
        experiments.put(EXP, new ExperimentRules(EXP, List.of(new ExperimentRules.PhaseStart(1, 0, List.of())), null));
        config.set(new ConfigSnapshot(new Catalog(experiments, List.of()), Map.of(), 0));
        StreamCounters c = new StreamCounters();
        UnitProcessor processor = new UnitProcessor("units", "pending", "due", new Attribution(settings), config,
                Duration.ofMinutes(1), 250, Duration.ofMillis(1_000 / ticks), c);
        processor.init(context);
        try {
            long base = 1_000 * MINUTE; // minute-aligned, as stream-time punctuations are
            context.setCurrentStreamTimeMs(base);
            for (int i = 0; i < units; i++) {
                long at = base + i % 1_000;
                process(processor, context, "SESSION/fill-" + i, decision(at, i % 2 == 0 ? "control" : "treatment"),
                        at);
                if (i == 0) { // a stream-time punctuation comes with the task's first record (aligned to 0)
                    fire(context, PunctuationType.STREAM_TIME);
                }
            }
            context.resetForwards();
            System.out.printf(Locale.ROOT, "%s: %d assigned-only units in the store%n", name, units);
            long fullPasses = c.passes(SweepPass.FULL);
            long duePasses = c.passes(SweepPass.DUE);
            long fullRead = c.swept(SweepPass.FULL);
            long dueRead = c.swept(SweepPass.DUE);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            long inputs = 0;
            for (int second = 1; second <= minutes * 60; second++) {
                long now = base + second * 1_000L;
                if (fullEveryPeriod && second % 60 == 30) {
                    experiments.put("other-" + second, new ExperimentRules("other-" + second,
                            List.of(new ExperimentRules.PhaseStart(1, now, List.of())), null));
                    config.set(new ConfigSnapshot(new Catalog(experiments, List.of()), Map.of(), 0));
                }
                for (int j = 0; j < rate; j++) {
                    String unit = "SESSION/t" + second + "-" + j;
                    long at = now + j;
                    String treatment = j % 2 == 0 ? "control" : "treatment";
                    process(processor, context, unit, decision(at, treatment), at);
                    process(processor, context, unit, new Coverage(EXP, 1, treatment, 100, at, false, 1), at);
                    process(processor, context, unit, new Activity("p" + unit, at + 1, ActivityType.PAGE_VIEW, null,
                            0, null), at + 1);
                    inputs += 3;
                }
                if (second % 60 == 0) {
                    fire(context, PunctuationType.STREAM_TIME);
                }
                for (int t = 0; t < ticks; t++) {
                    fire(context, PunctuationType.WALL_CLOCK_TIME);
                }
                context.resetForwards();
            }
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            long stored = 0;
            try (KeyValueIterator<String, UnitState> all = unitStore.all()) {
                for (; all.hasNext(); all.next()) {
                    stored++;
                }
            }
            Measured m = new Measured(name, cpuSeconds, wallSeconds, inputs, c.passes(SweepPass.FULL) - fullPasses,
                    c.passes(SweepPass.DUE) - duePasses, c.swept(SweepPass.FULL) - fullRead,
                    c.swept(SweepPass.DUE) - dueRead, stored);
            System.out.printf(Locale.ROOT, "%s: %.2f CPU-s, %d passes full / %d due, %d / %d units read%n", name,
                    m.cpuSeconds(), m.fullPasses(), m.duePasses(), m.fullRead(), m.dueRead());
            return m;
        } finally {
            unitStore.close();
            dueStore.close();
        }
    }

    private static Decision decision(long at, String treatment) {
        return new Decision(at, 1, List.of(new Decision.Assigned(EXP, 1, treatment, false)), null);
    }

    private static void process(UnitProcessor processor, MockProcessorContext<String, ArmChange> context, String unit,
                                UnitInput input, long at) {
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), at));
        processor.process(new Record<>(unit, UnitMessage.of(input), at));
    }

    private static void fire(MockProcessorContext<?, ?> context, PunctuationType type) {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == type && !p.cancelled())
                .forEach(p -> p.getPunctuator().punctuate(context.currentStreamTimeMs()));
    }

    private static <V> KeyValueStore<String, V> store(MockProcessorContext<?, ?> context,
                                                      org.apache.kafka.streams.state.KeyValueBytesStoreSupplier supplier,
                                                      Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(supplier, Serdes.String(), serde)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
