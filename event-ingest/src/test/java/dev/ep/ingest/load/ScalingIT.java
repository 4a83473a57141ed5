package dev.ep.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.EventIngestApplication;
import dev.ep.ingest.KafkaFixtures;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scaling by instances: two applications in one consumer group share the partitions of the three topics, and an
 * instance joining and another leaving in the middle of a stream (two rebalances while batches are in flight) lose
 * nothing and make no record be loaded twice: every batch's offsets are committed before the partition can be
 * revoked, so the next owner starts exactly after what is stored.
 */
class ScalingIT {

    static final Database DB = TestPlatform.postgres().newDatabase("event_ingest");
    static final String ASSIGNMENTS = TestPlatform.uniqueTopic("ep.assignments");
    static final String COVERAGE = TestPlatform.uniqueTopic("ep.coverage");
    static final String EVENTS = TestPlatform.uniqueTopic("ep.events");
    static final String DEAD_LETTER = TestPlatform.uniqueTopic("ep.dlt.event-ingest");
    static final String GROUP = "event-ingest-" + EventFixtures.id();

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final AtomicBoolean streaming = new AtomicBoolean(true);
    private final Set<String> produced = ConcurrentHashMap.newKeySet();
    private Thread stream;

    @AfterEach
    void stopEverything() throws InterruptedException {
        streaming.set(false);
        if (stream != null) {
            stream.join(30_000);
        }
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void shouldShareThePartitionsAndLoadEveryEventExactlyOnceWhenInstancesJoinAndLeaveMidStream() throws Exception {
        // given: instance A alone, a steady stream of events over many sessions (so every partition gets some)
        ConfigurableApplicationContext a = start("a");
        MeterRegistry metersA = a.getBean(MeterRegistry.class);
        JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
        stream = streamEvents();
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(jdbc) >= 300);

        // when: B joins while events keep coming...
        ConfigurableApplicationContext b = start("b");
        MeterRegistry metersB = b.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> membersWithPartitions() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> loaded(metersB) >= 300 && loaded(metersA) > 0);
        // ...and A leaves while events keep coming
        a.close();
        double loadedByBWhenAlone = loaded(metersB);
        await().atMost(Duration.ofSeconds(30)).until(() -> loaded(metersB) >= loadedByBWhenAlone + 300);
        streaming.set(false);
        stream.join(30_000);

        // then: every event stored once, each loaded by exactly one instance, the group at the end of every partition
        JdbcTemplate jdbcB = b.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(jdbcB) == produced.size());
        assertThat(Set.copyOf(jdbcB.queryForList("SELECT event_id FROM tracking_events", String.class)))
                .isEqualTo(produced);
        // A batch's rows are visible in PostgreSQL before its offsets are committed and it is counted (rows, then
        // offsets, then meters): wait for the last batch's commit and count before comparing the counts.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(committedOffsets()).isEqualTo(endOffsets()));
        await().atMost(Duration.ofSeconds(30)).until(() -> loaded(metersA) + loaded(metersB) >= produced.size());
        assertThat(loaded(metersA)).as("records loaded by A").isPositive();
        assertThat(loaded(metersA) + loaded(metersB)).as("records loaded by A and B together: none read twice")
                .isEqualTo(produced.size());
        assertThat(duplicates(metersA) + duplicates(metersB)).as("redelivered records").isZero();
    }

    private ConfigurableApplicationContext start(String name) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.kafka.bootstrap-servers", TestPlatform.kafka().bootstrapServers());
        properties.put("spring.datasource.url", DB.jdbcUrl());
        properties.put("spring.datasource.username", DB.username());
        properties.put("spring.datasource.password", DB.password());
        properties.put("ep.schema-registry.url", TestPlatform.registry().url());
        properties.put("spring.kafka.properties.schema.registry.url", TestPlatform.registry().url());
        properties.put("ep.ingest.topics.assignments", ASSIGNMENTS);
        properties.put("ep.ingest.topics.coverage", COVERAGE);
        properties.put("ep.ingest.topics.events", EVENTS);
        properties.put("ep.ingest.topics.dead-letter", DEAD_LETTER);
        properties.put("spring.kafka.consumer.group-id", GROUP);
        properties.put("ep.kafka.event-partitions", "3");
        properties.put("ep.ingest.consumers", "1");
        properties.put("ep.ingest.max-poll-records", "100");
        properties.put("ep.ingest.poll-timeout", "100ms");
        properties.put("server.port", "0");
        properties.put("spring.application.name", "event-ingest-" + name);
        // As command-line arguments: they override application.yml (default properties would not).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EventIngestApplication.class).run(args);
        instances.add(context);
        return context;
    }

    /** Orders on 97 sessions (spread over the partitions by key) at a steady pace until told to stop. */
    private Thread streamEvents() {
        Thread thread = new Thread(() -> {
            Instant time = Instant.now();
            try (KafkaProducer<String, SpecificRecord> producer = KafkaFixtures.avroProducer()) {
                for (int i = 0; streaming.get(); i++) {
                    TrackingEvent event = EventFixtures.order("s-" + (i % 97), time.plusMillis(i), i);
                    producer.send(new ProducerRecord<>(EVENTS, event.getSessionId(), event)).get();
                    produced.add(event.getEventId());
                    if (i % 50 == 49) {
                        Thread.sleep(25); // a stream, not a burst: the rebalances fall in the middle of it
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "scaling-stream");
        thread.start();
        return thread;
    }

    private static long stored(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM tracking_events", Long.class);
    }

    private static double loaded(MeterRegistry meters) {
        Counter counter = meters.find("ep.ingest.records").tag("topic", EVENTS)
                .tag("outcome", "loaded").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double duplicates(MeterRegistry meters) {
        return meters.get("ep.ingest.duplicates").counter().count();
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", TestPlatform.kafka().bootstrapServers()));
    }

    /** Members of the group that own at least one partition. */
    private static long membersWithPartitions() throws Exception {
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            return group.members().stream().map(MemberDescription::assignment)
                    .filter(assignment -> !assignment.topicPartitions().isEmpty()).count();
        }
    }

    private static Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get().entrySet()) {
                if (e.getKey().topic().equals(EVENTS)) {
                    offsets.put(e.getKey(), e.getValue().offset());
                }
            }
            return offsets;
        }
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(EVENTS, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        }
    }
}
