package dev.ep.assignment.bench;

import dev.ep.testsupport.load.BenchmarkArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13's memory goal: over a long open-loop run at 2,000 req/s ({@code /v1/assign}, 100 experiments in 10 layers,
 * Kafka emission on), the old generation after each GC shows no upward trend.
 *
 * <p>The service runs with G1 and a GC log ({@code -Xlog:gc*}); after the run the log gives the old-generation
 * occupancy (old + humongous regions) after every collection of the measured part ({@link GcLog#oldAfterEachGc}), and
 * a least-squares line through it ({@link Trend}) gives the slope in MiB per minute with its 95% confidence interval.
 * Young collections alone can let the old generation climb for a long time before G1 starts a marking cycle, which
 * looks like a leak and is not one; so every {@code liveEvery} seconds the driver asks the service for a full
 * collection ({@code jcmd <pid> GC.run}), after which the old generation holds exactly what is live. Two series are
 * fitted: after every collection, and after the full collections only (the live set). A leak shows in the second.
 * The probes' pauses (tens of milliseconds) fall into the latency of this run, which is reported but is not this
 * benchmark's figure.
 *
 * <p>Arguments (all optional): {@code minutes=10 rate=2000 warmup=30 connections=16 experiments=100 liveEvery=60
 * pin=false "jvm=-Xms512m -Xmx512m -XX:+AlwaysPreTouch" out=target/benchmarks/memory}; {@code liveEvery=0}: no
 * probes. Results: {@code memory-results.json}, {@code memory-results.md}, {@code old-gen.csv}, the GC log.
 */
public final class MemoryBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private MemoryBenchmark() {
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
        options.put("minutes", "10");
        options.put("rate", "2000");
        options.put("warmup", "30");
        options.put("connections", "16");
        options.put("experiments", "100");
        options.put("liveEvery", "60");
        options.put("pin", "false");
        options.put("jvm", "-Xms512m -Xmx512m -XX:+AlwaysPreTouch");
        options.put("out", "target/benchmarks/memory");
        BenchmarkArguments.apply(options, args);
        int minutes = Integer.parseInt(options.get("minutes"));
        int rate = Integer.parseInt(options.get("rate"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int connections = Integer.parseInt(options.get("connections"));
        int liveEvery = Integer.parseInt(options.get("liveEvery"));
        if (minutes < 1 || minutes > 240 || warmup < 1 || liveEvery < 0) {
            throw new IllegalArgumentException("minutes 1..240, warmup ≥ 1, liveEvery ≥ 0 (0: no full-GC probes)");
        }
        BenchmarkConfig.Shape shape = BenchmarkConfig.Shape.of(Integer.parseInt(options.get("experiments")));
        Path out = Path.of(options.get("out"));

        try (BenchedService service = BenchedService.start(shape, options.get("jvm"), out)) {
            Instant called = Instant.now();
            double measuredFrom = Duration.between(service.started(), called).toMillis() / 1000.0 + warmup;
            AtomicInteger probes = new AtomicInteger();
            ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
            if (liveEvery > 0) {
                prober.scheduleAtFixedRate(() -> fullGc(service, probes), warmup + liveEvery, liveEvery,
                        TimeUnit.SECONDS);
            }
            System.out.printf(Locale.ROOT, "Open loop at %d req/s: %d s warm-up, then %d min measured (load %.2f)%n",
                    rate, warmup, minutes, MachineState.loadAverage());
            Map<String, Object> measurement;
            try {
                measurement = service.measure(Boolean.parseBoolean(options.get("pin")), rate, warmup, minutes * 60,
                        connections, 1);
            } finally {
                prober.shutdownNow();
            }
            List<GcLog.OldGen> samples = GcLog.oldAfterEachGc(service.gc().readAll()).stream()
                    .filter(s -> s.uptimeSeconds() >= measuredFrom).toList();
            if (samples.isEmpty()) {
                throw new IllegalStateException("no G1 collection with region lines in the measured part; see "
                        + out.resolve("service-gc.log"));
            }
            List<GcLog.OldGen> full = samples.stream().filter(GcLog.OldGen::full).toList();
            Trend all = trend(samples, measuredFrom);
            Trend live = trend(full, measuredFrom);

            Map<String, Object> results = new LinkedHashMap<>();
            results.put("time", Instant.now().toString());
            results.put("machine", MachineState.cores() + " cores");
            results.put("configuration", shape.toString());
            results.put("options", options);
            results.putAll(measurement);
            results.put("fullGcProbes", probes.get());
            results.put("collections", samples.size());
            results.put("trendAfterEveryGc", describe(all));
            results.put("trendAfterFullGcs", describe(live));
            write(out, results, samples, measuredFrom);
        }
    }

    private static void fullGc(BenchedService service, AtomicInteger probes) {
        try {
            Process jcmd = new ProcessBuilder(service.java().resolve("bin/jcmd").toString(),
                    Long.toString(service.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0) {
                probes.incrementAndGet();
            } else {
                System.out.println("jcmd GC.run failed or hung");
                jcmd.destroyForcibly();
            }
        } catch (Exception e) {
            System.out.println("jcmd GC.run: " + e);
        }
    }

    /** Old-generation MiB against minutes since the measured part began. */
    private static Trend trend(List<GcLog.OldGen> samples, double from) {
        List<double[]> points = new ArrayList<>();
        samples.forEach(s -> points.add(new double[] {(s.uptimeSeconds() - from) / 60, s.oldMb()}));
        return Trend.fit(points);
    }

    private static Map<String, Object> describe(Trend t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("points", t.samples());
        m.put("slopeMbPerMinute", round(t.slope()));
        m.put("ci95MbPerMinute", List.of(round(t.lower()), round(t.upper())));
        m.put("fittedFirstMb", round(t.first()));
        m.put("fittedLastMb", round(t.last()));
        m.put("verdict", t.verdict());
        return m;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }

    @SuppressWarnings("unchecked")
    private static void write(Path out, Map<String, Object> results, List<GcLog.OldGen> samples, double from)
            throws Exception {
        Files.writeString(out.resolve("memory-results.json"), JSON.writeValueAsString(results));
        StringBuilder csv = new StringBuilder("minutes,gc,pause,old_mb\n");
        samples.forEach(s -> csv.append(String.format(Locale.ROOT, "%.3f,%d,\"%s\",%.1f%n",
                (s.uptimeSeconds() - from) / 60, s.gc(), s.pause(), s.oldMb())));
        Files.writeString(out.resolve("old-gen.csv"), csv.toString());
        Map<String, Object> latency = (Map<String, Object>) results.get("latency");
        Map<String, Object> options = (Map<String, Object>) results.get("options");
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Memory, %s: %s, open loop at %s req/s for %s min after %s s warm-up, "
                        + "%s connections, generator %s; service JVM `%s`; %s.%n%n", results.get("time"),
                results.get("configuration"), options.get("rate"), options.get("minutes"), options.get("warmup"),
                options.get("connections"), Boolean.parseBoolean((String) options.get("pin")) ? "pinned to core 1"
                        : "unpinned", options.get("jvm"), results.get("machine")));
        md.append(String.format(Locale.ROOT, "Load average before %s, after %s (busy: %s). CPU seconds: %s.%n%n",
                results.get("loadBefore"), results.get("loadAfter"), results.get("busy"), results.get("cpuSeconds")));
        md.append(String.format(Locale.ROOT, "Latency over the whole run (the full-GC probes included): requests %s, "
                        + "errors %s, p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms; GC %s.%n%n", latency.get("requests"),
                latency.get("errors"), latency.get("p50Ms"), latency.get("p99Ms"), latency.get("p999Ms"),
                latency.get("maxMs"), results.get("gc")));
        md.append("| old generation after | collections | slope MiB/min | 95% CI | fitted first → last MiB | verdict |\n")
                .append("|---|---|---|---|---|---|\n");
        for (String key : List.of("trendAfterEveryGc", "trendAfterFullGcs")) {
            Map<String, Object> t = (Map<String, Object>) results.get(key);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s → %s | %s |%n",
                    key.equals("trendAfterEveryGc") ? "every GC" : "each full GC (live set, `jcmd GC.run` every "
                            + options.get("liveEvery") + " s)", t.get("points"), t.get("slopeMbPerMinute"),
                    t.get("ci95MbPerMinute"), t.get("fittedFirstMb"), t.get("fittedLastMb"), t.get("verdict")));
        }
        Files.writeString(out.resolve("memory-results.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written " + out.resolve("memory-results.json") + ", memory-results.md, old-gen.csv");
    }
}
