package dev.ep.ingest.load;

import dev.ep.schemas.failure.DeadLetterReason;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * The loader's meters. Records per second is {@code rate(ep_ingest_records_total[1m])} in Prometheus.
 *
 * <ul>
 *   <li>{@code ep.ingest.records{topic,outcome=loaded|dead_letter}}: records handled, once committed;</li>
 *   <li>{@code ep.ingest.duplicates}: loaded records that were already stored (redeliveries);</li>
 *   <li>{@code ep.ingest.dead.letters{topic,reason}}: records sent to the dead-letter topic;</li>
 *   <li>{@code ep.ingest.batch.size}, {@code ep.ingest.batch.duration}: per committed batch (decode, write, commit),
 *       with {@code ep.ingest.decode.duration} and {@code ep.ingest.write.duration} for its two main steps;</li>
 *   <li>{@code ep.ingest.end.to.end.lag}: from the record's Kafka timestamp to its batch's commit;</li>
 *   <li>{@code ep.ingest.consumer.lag{topic,partition}}: records behind the end of each assigned partition;</li>
 *   <li>{@code ep.ingest.retries{cause}} and {@code ep.ingest.paused}: transient failures and consumers backing off.</li>
 * </ul>
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Timer endToEndLag;
    private final Timer decodeDuration;
    private final Timer writeDuration;
    private final Counter duplicates;
    private final AtomicInteger paused = new AtomicInteger();
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private final java.util.Set<TopicPartition> lagGauges = ConcurrentHashMap.newKeySet();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("ep.ingest.batch.size").description("Records per batch")
                .baseUnit("records").register(registry);
        this.batchDuration = Timer.builder("ep.ingest.batch.duration")
                .description("Decode, write and commit of one batch").register(registry);
        this.endToEndLag = Timer.builder("ep.ingest.end.to.end.lag")
                .description("Kafka record timestamp to the commit of its batch in PostgreSQL").register(registry);
        this.decodeDuration = Timer.builder("ep.ingest.decode.duration")
                .description("Decoding and validating the records of one batch").register(registry);
        this.writeDuration = Timer.builder("ep.ingest.write.duration")
                .description("Writing one batch to PostgreSQL (one transaction)").register(registry);
        this.duplicates = Counter.builder("ep.ingest.duplicates")
                .description("Records already stored (redelivered), skipped by ON CONFLICT DO NOTHING")
                .register(registry);
        Gauge.builder("ep.ingest.paused", paused, AtomicInteger::get)
                .description("Consumers paused, backing off after a transient failure").register(registry);
    }

    void batch(int records, Duration duration) {
        batchSize.record(records);
        batchDuration.record(duration);
    }

    void decoded(long nanos) {
        decodeDuration.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void written(long nanos) {
        writeDuration.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void loaded(String topic, int records) {
        if (records > 0) {
            Counter.builder("ep.ingest.records").tag("topic", topic).tag("outcome", "loaded")
                    .description("Records handled").register(registry).increment(records);
        }
    }

    void duplicates(int count) {
        if (count > 0) {
            duplicates.increment(count);
        }
    }

    void deadLetter(String topic, DeadLetterReason reason) {
        Counter.builder("ep.ingest.dead.letters").tag("topic", topic).tag("reason", reason.code())
                .description("Records sent to the dead-letter topic").register(registry).increment();
        Counter.builder("ep.ingest.records").tag("topic", topic).tag("outcome", "dead_letter")
                .description("Records handled").register(registry).increment();
    }

    void endToEnd(long recordTimestamp, long committedAt) {
        if (recordTimestamp > 0) {
            endToEndLag.record(Duration.ofMillis(Math.max(0, committedAt - recordTimestamp)));
        }
    }

    void retry(TransientFailure.Cause cause) {
        Counter.builder("ep.ingest.retries").tag("cause", cause.name().toLowerCase(java.util.Locale.ROOT))
                .description("Batches retried after a transient failure").register(registry).increment();
    }

    void paused(boolean nowPaused) {
        paused.addAndGet(nowPaused ? 1 : -1);
    }

    void lag(TopicPartition partition, long records) {
        lag.put(partition, records);
        if (lagGauges.add(partition)) {
            Gauge.builder("ep.ingest.consumer.lag", lag, m -> m.getOrDefault(partition, 0L))
                    .tag("topic", partition.topic()).tag("partition", Integer.toString(partition.partition()))
                    .description("Records behind the end of the partition").register(registry);
        }
    }

    void unassigned(Collection<TopicPartition> partitions) {
        partitions.forEach(lag::remove);
    }

    /** Sum of the end-to-end lag timer, for the benchmark. */
    public Timer endToEndLag() {
        return endToEndLag;
    }
}
