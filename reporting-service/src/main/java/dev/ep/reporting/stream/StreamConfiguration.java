package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Attribution;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.TopicRetention;
import dev.ep.schemas.Topics;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryClient;
import dev.ep.schemas.registry.SchemaRegistryClientConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * Wires the reporting topology into Spring Kafka's Kafka Streams support: topics provisioned first, then the
 * topology on the auto-configured {@link StreamsBuilder} (application id, exactly-once v2 and the commit interval
 * come from {@code spring.kafka.streams.*}). A failed stream thread is replaced, never the instance stopped: its
 * tasks resume from the last commit, so a registry outage is retried, not skipped.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableConfigurationProperties(ReportingProperties.class)
class StreamConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StreamConfiguration.class);

    @Bean
    ConfigView configView() {
        return new ConfigView();
    }

    @Bean
    StreamCounters streamCounters() {
        return new StreamCounters();
    }

    /** {@code ep.reporting.inputs{outcome=applied|duplicate|late}}: what became of the units' inputs. */
    @Bean
    MeterBinder streamCounterMetrics(StreamCounters counters) {
        return registry -> {
            for (Attribution.Outcome outcome : Attribution.Outcome.values()) {
                FunctionCounter.builder("ep.reporting.inputs", counters, c -> c.get(outcome))
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .description("Unit inputs by outcome (duplicates and late inputs change nothing)")
                        .register(registry);
            }
            for (SweepPass pass : SweepPass.values()) {
                String tag = pass.name().toLowerCase(Locale.ROOT);
                FunctionCounter.builder("ep.reporting.sweep.passes", counters, c -> c.passes(pass))
                        .tag("pass", tag)
                        .description("Passes of the units' sweep started (full: every unit; due: the due index)")
                        .register(registry);
                FunctionCounter.builder("ep.reporting.sweep.units", counters, c -> c.swept(pass))
                        .tag("pass", tag)
                        .description("Units read by the units' sweep")
                        .register(registry);
            }
        };
    }

    @Bean
    SchemaRegistry schemaRegistry(KafkaProperties kafka) {
        return new SchemaRegistryClient(SchemaRegistryClientConfig.fromProperties(kafka.getProperties()));
    }

    /** Creates or verifies every topic the topology uses before the streams start (nothing relies on auto-creation). */
    @Bean
    TopicProvisioner.Result reportingTopics(KafkaProperties kafka, ReportingProperties properties,
                                            @Value("${ep.kafka.event-partitions:6}") int eventPartitions) {
        ReportingProperties.Topics t = properties.topics();
        try (TopicProvisioner provisioner = TopicProvisioner.create(kafka.buildAdminProperties(),
                TopicRetention.fromEnvironment())) {
            return provisioner.provision(List.of(
                    Topics.COVERAGE.withName(t.coverage()).withPartitions(eventPartitions),
                    Topics.EVENTS.withName(t.events()).withPartitions(eventPartitions),
                    Topics.ASSIGNMENTS.withName(t.assignments()).withPartitions(eventPartitions),
                    Topics.CONFIG_EXPERIMENTS.withName(t.config()),
                    Topics.RESULTS.withName(t.results()).withPartitions(eventPartitions),
                    Topics.DLT_REPORTING.withName(t.deadLetters()).withPartitions(eventPartitions)));
        }
    }

    @Bean(destroyMethod = "close")
    KafkaDeadLetterSink globalDeadLetters(KafkaProperties kafka, ReportingProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.remove("key.serializer");
        config.remove("value.serializer");
        return new KafkaDeadLetterSink(config, properties.topics().deadLetters());
    }

    @Bean
    ReportingTopology.Wiring reportingTopology(StreamsBuilder builder, ReportingProperties properties,
                                               KafkaProperties kafka, SchemaRegistry registry, ConfigView config,
                                               StreamCounters counters, KafkaDeadLetterSink deadLetters,
                                               TopicProvisioner.Result reportingTopics,
                                               @Value("${ep.kafka.event-partitions:6}") int eventPartitions) {
        ReportingProperties.Topics t = properties.topics();
        ReportingTopology.Wiring wiring = new ReportingTopology.Wiring(
                new ReportingTopology.TopicNames(t.coverage(), t.events(), t.assignments(), t.config(),
                        t.results(), t.deadLetters()),
                properties.attributionSettings(),
                properties.sweep(), registry, kafka.getProperties(), config, counters, deadLetters,
                kafka.getStreams().getApplicationId(), properties.resultsEmit(), properties.armsCombine(),
                eventPartitions, properties.sweepBatch());
        ReportingTopology.build(builder, wiring);
        return wiring;
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer replaceFailedThreads() {
        return factory -> factory.setStreamsUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it (its tasks resume from the last commit): {}",
                    e.getMessage(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** Unreadable records of the internal topics go to the dead-letter topic too ({@link InternalTopicDeadLetters}). */
    @Bean
    StreamsBuilderFactoryBeanConfigurer deadLetterUnreadableRecords(KafkaDeadLetterSink deadLetters) {
        return factory -> {
            Properties config = new Properties();
            config.putAll(factory.getStreamsConfiguration());
            config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    InternalTopicDeadLetters.class.getName());
            config.put(InternalTopicDeadLetters.SINK_CONFIG, deadLetters);
            factory.setStreamsConfiguration(config);
        };
    }
}
