package dev.ep.config.relay;

import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
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
    HealthIndicator outboxRelayHealthIndicator(ParkedRows parked) {
        return () -> {
            long count = parked.count();
            if (count == 0) {
                return Health.up().withDetail("parked", 0).build();
            }
            return Health.down().withDetail("parked", count).withDetail("rows", parked.list())
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
    OutboxRelay outboxRelay(DataSource dataSource, EventStore events, KafkaProperties kafka, RelayProperties relay) {
        Supplier<Producer<String, SpecificRecordBase>> producers = () -> {
            Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
            config.putAll(OutboxRelay.producerOverrides());
            AvroSerializer<SpecificRecordBase> values = new AvroSerializer<>();
            values.configure(config, false);
            values.prepare(relay.changesTopic(), ExperimentChange.getClassSchema());
            values.prepare(relay.experimentsTopic(), ExperimentSnapshot.getClassSchema());
            return new KafkaProducer<>(config, new StringSerializer(), values);
        };
        return new OutboxRelay(dataSource, events, producers, relay);
    }
}
