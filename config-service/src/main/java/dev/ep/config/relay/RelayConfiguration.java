package dev.ep.config.relay;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.ep.config.store.EventStore;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.Topic;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.Topics;
import dev.ep.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The outbox relay and the topics it writes (provisioned, with every platform topic, at start). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayProperties.class)
class RelayConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RelayConfiguration.class);

    /** Creates missing topics and verifies existing ones before anything is published; fails start-up on a mismatch. */
    @Bean
    InitializingBean topicProvisioning(KafkaProperties kafka, RelayProperties relay) {
        return () -> {
            List<Topic<?, ?>> topics = new ArrayList<>(Topics.all(relay.eventPartitions()));
            if (!relay.changesTopic().equals(Topics.CONFIG_CHANGES.name())) {
                topics.add(Topics.CONFIG_CHANGES.withName(relay.changesTopic()));
            }
            if (!relay.experimentsTopic().equals(Topics.CONFIG_EXPERIMENTS.name())) {
                topics.add(Topics.CONFIG_EXPERIMENTS.withName(relay.experimentsTopic()));
            }
            try (TopicProvisioner provisioner = TopicProvisioner.create(kafka.buildAdminProperties())) {
                TopicProvisioner.Result result = provisioner.provision(topics);
                LOG.info("Topics created: {}; verified: {}", result.created(), result.verified());
            }
        };
    }

    @Bean
    ParkedRows parkedRows(DataSource dataSource) {
        return new ParkedRows(new JdbcTemplate(dataSource));
    }

    /**
     * DOWN while any outbox row is parked (health component {@code outboxRelay}), naming the rows and the way out;
     * the liveness and readiness groups do not include it, so no instance is restarted or taken out for it.
     */
    @Bean
    HealthIndicator outboxRelayHealthIndicator(ParkedRows parked, ObjectProvider<OutboxRelay> relays) {
        return () -> {
            long count = parked.count();
            Map<String, Object> lineage = new LinkedHashMap<>();
            relays.ifAvailable(relay -> {
                lineage.put("epoch", relay.epoch());
                relay.lastRebase().ifPresent(r -> lineage.put("epochStarted", Map.of("epoch", r.epoch(),
                        "publishedSequence", r.publishedSequence(), "databaseSequence", r.databaseSequence(),
                        "republished", r.republished(), "removed", r.removed(), "at", r.at().toString(),
                        "why", "the database went back (restored from a backup): the state was republished")));
            });
            if (count == 0) {
                return Health.up().withDetail("parked", 0).withDetails(lineage).build();
            }
            return Health.down().withDetails(lineage).withDetail("parked", count).withDetail("rows", parked.list())
                    .withDetail("action", "fix the cause (record size limits, schema compatibility), then release "
                            + "each row: DELETE /v1/relay/parked/{sequence} with an admin token (config-service README)")
                    .build();
        };
    }

    /** {@code ep.config.relay.parked}: outbox rows parked now (all instances share the outbox). */
    @Bean
    InitializingBean parkedGauge(ParkedRows parked, MeterRegistry meters) {
        return () -> Gauge.builder("ep.config.relay.parked", parked, ParkedRows::count)
                .description("outbox rows that can never be sent, waiting for an admin").register(meters);
    }

    @Bean
    @ConditionalOnProperty(prefix = "ep.config.relay", name = "enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelay outboxRelay(DataSource dataSource, EventStore events, KafkaProperties kafka, RelayProperties relay,
            MeterRegistry meters) {
        Supplier<Producer<String, SpecificRecordBase>> producers = () -> {
            Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
            config.putAll(OutboxRelay.producerOverrides());
            AvroSerializer<SpecificRecordBase> values = new AvroSerializer<>();
            values.configure(config, false);
            values.prepare(relay.changesTopic(), ExperimentChange.getClassSchema());
            values.prepare(relay.experimentsTopic(), ExperimentSnapshot.getClassSchema());
            return new KafkaProducer<>(config, new StringSerializer(), values);
        };
        Supplier<Consumer<byte[], byte[]>> readers = () -> {
            Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "config-service-lineage");
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        };
        OutboxRelay outboxRelay = new OutboxRelay(dataSource, events, producers, readers, relay, Clock.systemUTC());
        Gauge.builder("ep.config.relay.epoch", outboxRelay, OutboxRelay::epoch)
                .description("epoch the relay publishes under; goes up when the database went back (restore)")
                .register(meters);
        Gauge.builder("ep.config.relay.rebases", outboxRelay, r -> r.lastRebase().isPresent() ? 1 : 0)
                .description("1 once this instance started a new epoch because the database went back")
                .register(meters);
        return outboxRelay;
    }
}
