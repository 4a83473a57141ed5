package dev.ep.reporting.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples, once a second, where a probe can wait on its way to the REST results: assignment-service's outbound queue
 * (events published but not yet handed to the producer), the Kafka Streams application's consumer lag (end offset
 * minus committed offset, summed over every partition the group has committed: input and repartition topics; also
 * per topic) and the stream threads' own metrics from reporting-service's Prometheus endpoint (Kafka Streams'
 * {@code stream-thread-metrics}: the share of the thread's time in process, poll, commit and punctuate, the commit
 * latency; averaged over the threads). Keeps max and mean; a failed sample is counted, never fatal.
 */
final class PipelineSampler implements AutoCloseable {

    private static final Pattern QUEUED = Pattern.compile("(?m)^ep_events_queued(?:\\{[^}]*\\})? ([0-9.eE+-]+)$");
    private static final Pattern STREAM_THREAD = Pattern.compile(
            "(?m)^kafka_stream_thread_([a-z_]+)\\{([^}]*)\\} ([0-9.eE+-]+)$");
    /** The key prefix of the decisions' application's thread metrics (its thread ids contain "-decisions-"). */
    static final String DECISIONS = "decisions.";
    /** The stream-thread metrics the summary's short form shows. */
    static final List<String> KEY_THREAD_METRICS = List.of("process_ratio", "poll_ratio", "commit_ratio",
            "punctuate_ratio", "commit_latency_avg", "commit_latency_max", "poll_records_avg", "process_rate");
    /**
     * The stream-thread metrics asked for. Each sample asks the Prometheus endpoints for these names only
     * ({@code includedNames}): the whole of reporting-service's endpoint is ~830 KB (every consumer, producer and
     * processor-node metric), and formatting it every second took 10% of reporting-service's profiled CPU samples
     * (assignment-service's, 81 KB with the request histograms, 5%) during the load the benchmark measures.
     */
    static final List<String> THREAD_METRICS = java.util.stream.Stream.concat(KEY_THREAD_METRICS.stream(),
            java.util.stream.Stream.of("poll_latency_avg", "process_latency_avg", "punctuate_latency_avg",
                    "process_records_avg")).toList();

    /**
     * Max and mean of the samples; {@code failedSamples} when the broker or the service did not answer;
     * {@code maxLagByTopic} the largest lag seen on each topic; {@code streamThread} the mean of each stream-thread
     * metric over the samples (empty when reporting-service's Prometheus endpoint has none), the decisions'
     * application's threads under keys prefixed {@link #DECISIONS}.
     */
    record Summary(int samples, long maxQueued, double meanQueued, long maxLag, double meanLag, int failedSamples,
                   Map<String, Long> maxLagByTopic, Map<String, Double> streamThread) {

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", samples);
            m.put("assignmentQueuedMax", maxQueued);
            m.put("assignmentQueuedMean", Math.round(meanQueued));
            m.put("reportingLagMax", maxLag);
            m.put("reportingLagMean", Math.round(meanLag));
            m.put("reportingLagMaxByTopic", maxLagByTopic);
            Map<String, Object> key = new LinkedHashMap<>();
            KEY_THREAD_METRICS.forEach(name -> {
                if (streamThread.containsKey(name)) {
                    key.put(name, Math.round(streamThread.get(name) * 1000) / 1000.0);
                }
            });
            m.put("streamThread", key);
            Map<String, Object> decisions = new LinkedHashMap<>();
            KEY_THREAD_METRICS.forEach(name -> {
                if (streamThread.containsKey(DECISIONS + name)) {
                    decisions.put(name, Math.round(streamThread.get(DECISIONS + name) * 1000) / 1000.0);
                }
            });
            if (!decisions.isEmpty()) {
                m.put("decisionsStreamThread", decisions);
            }
            m.put("failedSamples", failedSamples);
            return m;
        }
    }

    private final Admin admin;
    private final String group;
    private final URI prometheus;
    private final URI reportingPrometheus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;
    private int failed;
    private long maxQueued;
    private long sumQueued;
    private long maxLag;
    private long sumLag;
    private final Map<String, Long> maxLagByTopic = new TreeMap<>();
    private final Map<String, Double> threadSums = new TreeMap<>();
    private final Map<String, Integer> threadCounts = new TreeMap<>();

    private PipelineSampler(String kafka, String group, String assignmentBase, String reportingBase) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000));
        this.group = group;
        this.prometheus = URI.create(assignmentBase + "/actuator/prometheus?includedNames=ep_events_queued");
        this.reportingPrometheus = reportingBase == null ? null : URI.create(reportingBase
                + "/actuator/prometheus?includedNames=" + String.join(",", THREAD_METRICS.stream()
                        .map(name -> "kafka_stream_thread_" + name).toList()));
        this.thread = new Thread(this::loop, "pipeline-sampler");
        this.thread.setDaemon(true);
    }

    static PipelineSampler start(String kafka, String group, String assignmentBase, String reportingBase) {
        PipelineSampler sampler = new PipelineSampler(kafka, group, assignmentBase, reportingBase);
        sampler.thread.start();
        return sampler;
    }

    private void loop() {
        while (running) {
            long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            try {
                long queued = queued();
                Map<String, Long> lagByTopic = lagByTopic();
                long lag = lagByTopic.values().stream().mapToLong(Long::longValue).sum();
                Map<String, Double> thread = streamThread();
                synchronized (this) {
                    samples++;
                    maxQueued = Math.max(maxQueued, queued);
                    sumQueued += queued;
                    maxLag = Math.max(maxLag, lag);
                    sumLag += lag;
                    lagByTopic.forEach((topic, l) -> maxLagByTopic.merge(topic, l, Math::max));
                    thread.forEach((name, v) -> {
                        threadSums.merge(name, v, Double::sum);
                        threadCounts.merge(name, 1, Integer::sum);
                    });
                }
            } catch (Exception e) {
                synchronized (this) {
                    failed++;
                }
            }
            long wait = next - System.nanoTime();
            if (wait > 0 && running) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Waits until the Kafka Streams application has caught up (lag at most {@code threshold} records: transaction
     * markers keep a few offsets "behind" on the internal topics), so that a phase does not start behind the previous
     * one's backlog. Returns the lag seen last.
     */
    static long awaitCaughtUp(String kafka, String group, long threshold, Duration timeout) throws Exception {
        PipelineSampler sampler = new PipelineSampler(kafka, group, "http://unused", null);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            long lag = Long.MAX_VALUE;
            while (System.nanoTime() < deadline) {
                try {
                    lag = sampler.lagByTopic().values().stream().mapToLong(Long::longValue).sum();
                } catch (Exception e) {
                    lag = Long.MAX_VALUE;
                }
                if (lag <= threshold) {
                    return lag;
                }
                Thread.sleep(1_000);
            }
            throw new IllegalStateException("reporting-service's stream did not catch up within " + timeout
                    + " (lag " + lag + " records)");
        } finally {
            sampler.admin.close(Duration.ofSeconds(5));
        }
    }

    private long queued() throws Exception {
        String text = http.send(HttpRequest.newBuilder(prometheus).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = QUEUED.matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** Each stream-thread metric of reporting-service, averaged over its threads (empty without the endpoint). */
    private Map<String, Double> streamThread() {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        if (reportingPrometheus == null) {
            return sums;
        }
        try {
            String text = http.send(HttpRequest.newBuilder(reportingPrometheus).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = STREAM_THREAD.matcher(text);
            while (m.find()) {
                double v = Double.parseDouble(m.group(3));
                String name = (m.group(2).contains("-decisions-") ? DECISIONS : "") + m.group(1);
                if (Double.isFinite(v)) {
                    sums.merge(name, v, Double::sum);
                    counts.merge(name, 1, Integer::sum);
                }
            }
        } catch (Exception e) {
            return Map.of();
        }
        sums.replaceAll((name, sum) -> sum / counts.get(name));
        return sums;
    }

    private Map<String, Long> lagByTopic() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
        for (String g : group.split(",")) {
            committed.putAll(admin.listConsumerGroupOffsets(g.strip())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS));
        }
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<String, Long> lag = new TreeMap<>();
        for (var e : committed.entrySet()) {
            if (e.getValue() != null && ends.containsKey(e.getKey())) {
                lag.merge(e.getKey().topic(), Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset()),
                        Long::sum);
            }
        }
        return lag;
    }

    synchronized Summary summary() {
        Map<String, Double> thread = new TreeMap<>();
        threadSums.forEach((name, sum) -> thread.put(name, sum / threadCounts.get(name)));
        return new Summary(samples, maxQueued, samples == 0 ? 0 : sumQueued / (double) samples, maxLag,
                samples == 0 ? 0 : sumLag / (double) samples, failed, new TreeMap<>(maxLagByTopic), thread);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        admin.close(Duration.ofSeconds(5));
    }
}
