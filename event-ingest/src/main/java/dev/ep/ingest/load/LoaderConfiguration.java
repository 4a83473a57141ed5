package dev.ep.ingest.load;

import dev.ep.ingest.IngestProperties;
import dev.ep.ingest.store.EventStore;
import dev.ep.ingest.store.PartitionMaintenance;
import dev.ep.ingest.store.SchemaMigration;
import dev.ep.schemas.TopicRetention;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kafka side: the consumer threads, the dead-letter producer, their metrics and health. */
@Configuration(proxyBeanMethods = false)
class LoaderConfiguration {

    @Bean
    IngestMetrics ingestMetrics(MeterRegistry registry) {
        return new IngestMetrics(registry);
    }

    /**
     * Retention of the topics this service creates, from the shared {@code ep-kafka.yml} ({@code ep.kafka.retention.*},
     * which default to {@code EP_EVENTS_RETENTION_MS}, {@code EP_DEAD_LETTER_RETENTION_MS} and
     * {@code EP_TOPIC_RETENTION_MS}); an invalid value fails start-up naming the setting.
     */
    @Bean
    TopicRetention topicRetention(@Value("${" + TopicRetention.EVENTS_PROPERTY + ":}") String events,
                                  @Value("${" + TopicRetention.DEAD_LETTERS_PROPERTY + ":}") String deadLetters,
                                  @Value("${" + TopicRetention.TOPICS_PROPERTY + ":}") String topics) {
        return TopicRetention.parse(events, deadLetters, topics);
    }

    @Bean
    IngestLoader ingestLoader(IngestProperties properties, KafkaProperties kafka, EventStore store,
                              PartitionMaintenance maintenance, SchemaMigration schema, IngestMetrics metrics,
                              Clock clock,
                              @Value("${ep.kafka.event-partitions:6}") int eventPartitions,
                              TopicRetention retention) {
        return new IngestLoader(properties, kafka.buildConsumerProperties(), kafka.buildProducerProperties(),
                kafka.buildAdminProperties(), eventPartitions, retention, store, maintenance, schema, metrics, clock);
    }

    @Bean
    LoaderHealthIndicator loaderHealthIndicator(IngestLoader loader) {
        return new LoaderHealthIndicator(loader);
    }

    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
        return new KafkaHealthIndicator(kafka.buildAdminProperties());
    }
}
