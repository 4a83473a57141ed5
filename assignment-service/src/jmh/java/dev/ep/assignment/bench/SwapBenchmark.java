package dev.ep.assignment.bench;

import static dev.ep.assignment.bench.FloorsBenchmark.cpu;
import static dev.ep.assignment.bench.FloorsBenchmark.latency;
import static dev.ep.assignment.bench.FloorsBenchmark.median;

import dev.ep.assignment.it.ConfigRecords;
import dev.ep.testsupport.load.BenchmarkArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13's snapshot-swap goal: while the open loop runs at 2,000 req/s against the 1,000-experiment configuration
 * (100 layers), a configuration change arrives every second through the service's own path (an
 * {@code ExperimentSnapshot} on the compacted config topic, as config-service publishes it), so the service applies
 * it, compiles a new 1,000-experiment snapshot on its feed thread and swaps it in: one snapshot per second. The
 * latency of these windows is compared with windows of the same length without changes, measured in the same run
 * and alternating (quiet first in odd runs, swaps first in even runs), median of the runs.
 *
 * <p>Each change is a new version of one experiment (round robin over all of them; the bucket and slot maps stay, so
 * assignments do not move). After each swap window the driver waits until the service serves the last change's
 * sequence, so every change published was applied.
 *
 * <p>Arguments (all optional): {@code rate=2000 seconds=30 warmup=15 runWarmup=5 runs=3 connections=16
 * experiments=1000 changeEveryMs=1000 pin=false "jvm=-Xms512m -Xmx512m -XX:+AlwaysPreTouch" out=target/benchmarks/swap}.
 * Results: {@code swap-results.json}, {@code swap-results.md}, the service's GC log.
 */
public final class SwapBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private SwapBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the in-process registry has non-daemon threads, also after an error
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("rate", "2000");
        options.put("seconds", "30");
        options.put("warmup", "15");
        options.put("runWarmup", "5");
        options.put("runs", "3");
        options.put("connections", "16");
        options.put("experiments", "1000");
        options.put("changeEveryMs", "1000");
        options.put("pin", "false");
        options.put("jvm", "-Xms512m -Xmx512m -XX:+AlwaysPreTouch");
        options.put("out", "target/benchmarks/swap");
        BenchmarkArguments.apply(options, args);
        int rate = Integer.parseInt(options.get("rate"));
        int seconds = Integer.parseInt(options.get("seconds"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int runWarmup = Integer.parseInt(options.get("runWarmup"));
        int runs = Integer.parseInt(options.get("runs"));
        int connections = Integer.parseInt(options.get("connections"));
        long changeEveryMs = Long.parseLong(options.get("changeEveryMs"));
        boolean pin = Boolean.parseBoolean(options.get("pin"));
        if (changeEveryMs < 10) {
            throw new IllegalArgumentException("changeEveryMs ≥ 10");
        }
        BenchmarkConfig.Shape shape = BenchmarkConfig.Shape.of(Integer.parseInt(options.get("experiments")));
        Path out = Path.of(options.get("out"));

        try (BenchedService service = BenchedService.start(shape, options.get("jvm"), out)) {
            List<BenchmarkConfig.Spec> specs = BenchmarkConfig.experiments(shape);
            System.out.printf("Warm-up: %d s open loop at %d req/s, with changes%n", warmup, rate);
            try (Changes changes = Changes.start(service, specs, changeEveryMs)) {
                service.measure(false, rate, warmup, 1, connections, 0);
                service.awaitVersion(changes.stop());
            }
            List<Map<String, Object>> measurements = new ArrayList<>();
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("time", Instant.now().toString());
            results.put("machine", MachineState.cores() + " cores");
            results.put("configuration", shape.toString());
            results.put("options", options);
            results.put("measurements", measurements);
            for (int run = 1; run <= runs; run++) {
                List<Boolean> order = run % 2 == 1 ? List.of(false, true) : List.of(true, false);
                for (boolean swapping : order) {
                    System.out.printf(Locale.ROOT, "Run %d/%d %s: load %.2f%n", run, runs,
                            swapping ? "swaps" : "quiet", MachineState.loadAverage());
                    Map<String, Object> m;
                    if (swapping) {
                        try (Changes changes = Changes.start(service, specs, changeEveryMs)) {
                            m = service.measure(pin, rate, runWarmup, seconds, connections, run);
                            long last = changes.stop();
                            service.awaitVersion(last);
                            m.put("changesPublished", changes.count());
                            m.put("lastChangeApplied", last);
                        }
                    } else {
                        m = service.measure(pin, rate, runWarmup, seconds, connections, run);
                        m.put("changesPublished", 0);
                    }
                    m.put("phase", swapping ? "swaps" : "quiet");
                    measurements.add(m);
                    System.out.println("  " + m.get("latency") + " " + m.get("gc") + " changes "
                            + m.get("changesPublished"));
                }
                results.put("completedRuns", run);
                write(out, results);
            }
        }
    }

    /** Publishes one experiment change every {@code everyMs} on its own thread, through config-service's path. */
    private static final class Changes implements AutoCloseable {
        private final ConfigRecords records;
        private final Thread thread;
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong lastSequence = new AtomicLong();
        private volatile boolean running = true;
        private volatile Exception failure;

        private Changes(BenchedService service, List<BenchmarkConfig.Spec> specs, long everyMs) {
            this.records = new ConfigRecords(service.kafka(), service.registry());
            this.thread = new Thread(() -> {
                long next = System.nanoTime();
                while (running) {
                    long n = count.get();
                    BenchmarkConfig.Spec spec = specs.get((int) (n % specs.size()));
                    try {
                        // a new version of the experiment: the service recompiles and swaps the whole snapshot
                        lastSequence.set(records.send(ConfigRecords.snapshot(HttpLoadBenchmark.experiment(spec)
                                .build(), 4 + (int) (n / specs.size()))));
                        count.incrementAndGet();
                    } catch (Exception e) {
                        failure = e;
                        return;
                    }
                    next += everyMs * 1_000_000;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "config-changes");
            thread.setDaemon(true);
        }

        static Changes start(BenchedService service, List<BenchmarkConfig.Spec> specs, long everyMs) {
            Changes changes = new Changes(service, specs, everyMs);
            changes.thread.start();
            return changes;
        }

        /** Stops publishing; returns the last published change's sequence. */
        long stop() throws Exception {
            running = false;
            thread.join();
            if (failure != null) {
                throw new IllegalStateException("publishing a configuration change failed", failure);
            }
            return lastSequence.get();
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join();
            records.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ output

    @SuppressWarnings("unchecked")
    private static void write(Path out, Map<String, Object> results) throws Exception {
        Files.writeString(out.resolve("swap-results.json"), JSON.writeValueAsString(results));
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) results.get("measurements");
        Map<String, Object> options = (Map<String, Object>) results.get("options");
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Snapshot swaps, %s: %s, open loop at %s req/s, %s s measured per window "
                        + "after %s s, %s connections, a change every %s ms in the swap windows, generator %s, "
                        + "median of %s runs (range in brackets); service JVM `%s`.%n%n", results.get("time"),
                results.get("configuration"), options.get("rate"), options.get("seconds"), options.get("runWarmup"),
                options.get("connections"), options.get("changeEveryMs"),
                Boolean.parseBoolean((String) options.get("pin")) ? "pinned to core 1" : "unpinned",
                results.get("completedRuns"), options.get("jvm")));
        md.append("| window | p50 ms | p99 ms | p99.9 ms | max ms | errors | changes applied | GC pauses (max ms) "
                + "| longest safepoint ms | CPU s service / broker / generator / rest | load before | busy |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Double> p999 = new LinkedHashMap<>();
        Map<String, Double> maxes = new LinkedHashMap<>();
        for (String phase : List.of("quiet", "swaps")) {
            List<Map<String, Object>> rows = measurements.stream().filter(m -> phase.equals(m.get("phase"))).toList();
            if (rows.isEmpty()) {
                continue;
            }
            p999.put(phase, median(rows, m -> latency(m, "p999Ms")));
            maxes.put(phase, median(rows, m -> latency(m, "maxMs")));
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %d | %d "
                            + "| %.0f (%.2f) | %.2f | %.1f / %.1f / %.1f / %.1f | %.2f | %d/%d |%n", phase,
                    median(rows, m -> latency(m, "p50Ms")), median(rows, m -> latency(m, "p99Ms")),
                    p999.get(phase), min(rows, m -> latency(m, "p999Ms")), max(rows, m -> latency(m, "p999Ms")),
                    maxes.get(phase), min(rows, m -> latency(m, "maxMs")), max(rows, m -> latency(m, "maxMs")),
                    rows.stream().mapToLong(m -> (long) latency(m, "errors")).sum(),
                    rows.stream().mapToLong(m -> ((Number) m.get("changesPublished")).longValue()).sum(),
                    median(rows, m -> (double) ((GcLog.Pauses) m.get("gc")).pauses()),
                    max(rows, m -> ((GcLog.Pauses) m.get("gc")).maxMs()),
                    median(rows, m -> ((GcLog.Pauses) m.get("gc")).maxSafepointMs()),
                    median(rows, m -> cpu(m, "target")), median(rows, m -> cpu(m, "broker")),
                    median(rows, m -> cpu(m, "generator")), median(rows, m -> cpu(m, "rest of machine")),
                    median(rows, m -> ((Number) m.get("loadBefore")).doubleValue()),
                    rows.stream().filter(m -> (Boolean) m.get("busy")).count(), rows.size()));
        }
        if (p999.size() == 2) {
            md.append(String.format(Locale.ROOT, "%nSwaps / quiet: p99.9 %.2f, max %.2f (medians). Goal: p99.9 during "
                            + "swaps ≤ 3 ms: %s.%n", p999.get("swaps") / p999.get("quiet"),
                    maxes.get("swaps") / maxes.get("quiet"), p999.get("swaps") <= 3 ? "met" : "not met"));
        }
        Files.writeString(out.resolve("swap-results.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written " + out.resolve("swap-results.json") + " and swap-results.md");
    }

    private static double min(List<Map<String, Object>> rows, Function<Map<String, Object>, Double> value) {
        return rows.stream().map(value).min(Comparator.naturalOrder()).orElse(Double.NaN);
    }

    private static double max(List<Map<String, Object>> rows, Function<Map<String, Object>, Double> value) {
        return rows.stream().map(value).max(Comparator.naturalOrder()).orElse(Double.NaN);
    }
}
