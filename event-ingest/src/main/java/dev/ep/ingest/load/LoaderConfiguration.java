package dev.ep.ingest.load;

import dev.ep.ingest.IngestProperties;
import dev.ep.ingest.store.EventStore;
import dev.ep.ingest.store.PartitionMaintenance;
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

    @Bean
    IngestLoader ingestLoader(IngestProperties properties, KafkaProperties kafka, EventStore store,
                              PartitionMaintenance maintenance, IngestMetrics metrics, Clock clock,
                              @Value("${ep.kafka.event-partitions:6}") int eventPartitions) {
        return new IngestLoader(properties, kafka.buildConsumerProperties(), kafka.buildProducerProperties(),
                kafka.buildAdminProperties(), eventPartitions, store, maintenance, metrics, clock);
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
