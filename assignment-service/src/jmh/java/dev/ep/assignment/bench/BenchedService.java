package dev.ep.assignment.bench;

import dev.ep.testsupport.KafkaBrokerProcess;
import dev.ep.testsupport.TestPlatform;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service in its own JVM for the swap and memory benchmarks, set up as {@link FloorsBenchmark} sets up
 * its service target: its own KRaft broker process, the test platform's registry in this JVM, the benchmark
 * configuration of one {@link BenchmarkConfig.Shape} published as config-service would, a GC log, free ports only.
 * {@link #measure} runs the pinnable open-loop generator ({@link FloorLoad}, its own JVM) with the machine's state
 * sampled around the measured part.
 */
final class BenchedService implements AutoCloseable {

    private final KafkaBrokerProcess broker;
    private final String registry;
    private final FloorsBenchmark.Running service;
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final String generatorClasspath;
    private final Path java;
    private final Path out;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private BenchedService(KafkaBrokerProcess broker, String registry, FloorsBenchmark.Running service, Path java,
            Path out) throws Exception {
        this.broker = broker;
        this.registry = registry;
        this.service = service;
        this.java = java;
        this.out = out;
        pids.put("target", service.pid());
        pids.put("broker", MachineState.pidOf(broker.logFile().getParent().toString())
                .orElseThrow(() -> new IllegalStateException("broker process not found")));
        pids.put("driver (registry)", ProcessHandle.current().pid());
        generatorClasspath = "target/test-classes:target/classes:"
                + Files.readString(Path.of("target", "bench-classpath.txt")).trim();
    }

    /** Starts broker and service with {@code shape}'s configuration; returns once the service has caught up. */
    static BenchedService start(BenchmarkConfig.Shape shape, String jvm, Path out) throws Exception {
        Files.createDirectories(out);
        KafkaBrokerProcess broker = KafkaBrokerProcess.start();
        FloorsBenchmark.Running service = null;
        try {
            String registry = TestPlatform.registry().url();
            System.out.printf("Publishing %s%n", shape);
            long last = HttpLoadBenchmark.publishConfiguration(broker.bootstrapServers(), registry, shape);
            Path java = Path.of(System.getProperty("java.home"));
            service = FloorsBenchmark.start(FloorTarget.PRESETS.get("service"), java, jvm, Path.of("bench", "floors"),
                    List.of(), broker.bootstrapServers(), registry, out);
            BenchedService benched = new BenchedService(broker, registry, service, java, out);
            benched.awaitVersion(last);
            return benched;
        } catch (Exception e) {
            if (service != null) {
                service.process().destroyForcibly();
            }
            broker.close();
            throw e;
        }
    }

    String kafka() {
        return broker.bootstrapServers();
    }

    String registry() {
        return registry;
    }

    long pid() {
        return service.pid();
    }

    Path java() {
        return java;
    }

    GcLog gc() {
        return service.gc();
    }

    /** When the service's JVM started (its GC log's uptime counts from here). */
    Instant started() {
        return service.process().info().startInstant().orElseThrow();
    }

    /** Waits until the service has applied the configuration up to {@code sequence}. */
    void awaitVersion(long sequence) throws Exception {
        HttpLoadBenchmark.awaitReady(client, "http://127.0.0.1:" + service.port(), sequence);
    }

    /** One open-loop measurement of {@code /v1/assign}: see {@link FloorsBenchmark#measure}. */
    Map<String, Object> measure(boolean pin, int rate, int warmup, int seconds, int connections, int run)
            throws Exception {
        return FloorsBenchmark.measure(service, List.of(service), pids, generatorClasspath, java, pin, rate, warmup,
                seconds, connections, run, out);
    }

    @Override
    public void close() throws Exception {
        service.process().destroy();
        if (!service.process().waitFor(20, TimeUnit.SECONDS)) {
            service.process().destroyForcibly();
        }
        broker.close();
    }
}
