package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Attribution;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.TopicRetention;
import dev.ep.schemas.Topics;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryClient;
import dev.ep.schemas.registry.SchemaRegistryClientConfig;
import dev.ep.schemas.CleanupPolicy;
import dev.ep.schemas.Topic;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;
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
                                            ReportingTopology.Bridge bridge,
                                            @Value("${ep.kafka.event-partitions:6}") int eventPartitions) {
        ReportingProperties.Topics t = properties.topics();
        TopicRetention retention = TopicRetention.fromEnvironment();
        try (TopicProvisioner provisioner = TopicProvisioner.create(kafka.buildAdminProperties(), retention)) {
            return provisioner.provision(List.of(
                    Topics.COVERAGE.withName(t.coverage()).withPartitions(eventPartitions),
                    Topics.EVENTS.withName(t.events()).withPartitions(eventPartitions),
                    Topics.ASSIGNMENTS.withName(t.assignments()).withPartitions(eventPartitions),
                    Topics.CONFIG_EXPERIMENTS.withName(t.config()),
                    Topics.RESULTS.withName(t.results()).withPartitions(eventPartitions),
                    Topics.DLT_REPORTING.withName(t.deadLetters()).withPartitions(eventPartitions),
                    bridge(bridge.sessionHoldout(), eventPartitions, retention,
                            "Holdout parts of SESSION units' decisions, partitioned by session"),
                    bridge(bridge.userHoldout(), eventPartitions, retention,
                            "Holdout parts of USER units' decisions, keyed by unit"),
                    bridge(bridge.sessionAssignedArms(), eventPartitions, retention,
                            "Changes of the arms' assignment counts (SESSION units), keyed by arm"),
                    bridge(bridge.userAssignedArms(), eventPartitions, retention,
                            "Changes of the arms' assignment counts (USER units), keyed by arm")));
        }
    }

    /**
     * A bridge topic from the decisions' application to the exposures' application: the inputs' partition count (the
     * partitioning of the repartition topics it replaces) and the inputs' retention (what it holds is derived from
     * ep.assignments, and is read within the commit interval while both run; it is kept as long as the decisions it
     * came from, so an exposures' application stopped for less than that loses nothing).
     */
    private static Topic<String, byte[]> bridge(String name, int partitions, TopicRetention retention,
                                               String description) {
        return new Topic<>(name, String.class, byte[].class, partitions, CleanupPolicy.DELETE,
                retention.apply(Topics.ASSIGNMENTS).retention(), Map.of(),
                description + "; written by reporting-service's decisions application, read by its exposures "
                        + "application.");
    }

    /** The topics between reporting's two applications, named after the exposures' application id. */
    @Bean
    ReportingTopology.Bridge reportingBridge(KafkaProperties kafka) {
        return ReportingTopology.Bridge.of(kafka.getStreams().getApplicationId());
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
                                               TopicProvisioner.Result reportingTopics, ReportingTopology.Bridge bridge,
                                               @Value("${ep.kafka.event-partitions:6}") int eventPartitions) {
        ReportingProperties.Topics t = properties.topics();
        ReportingTopology.Wiring wiring = new ReportingTopology.Wiring(
                new ReportingTopology.TopicNames(t.coverage(), t.events(), t.assignments(), t.config(),
                        t.results(), t.deadLetters()),
                properties.attributionSettings(),
                properties.sweep(), registry, kafka.getProperties(), config, counters, deadLetters,
                kafka.getStreams().getApplicationId(), properties.resultsEmit(), properties.armsCombine(),
                eventPartitions, properties.sweepBatch());
        ReportingTopology.buildExposures(builder, wiring, bridge);
        return wiring;
    }

    /**
     * The decisions' application ({@code <application id>-decisions}): the same settings as the exposures'
     * application (exactly-once, commit interval, state directory, fetch settings, the dead-letter handler, failed
     * threads replaced), its own consumer group, stream thread, transactions and configuration store. Not a default
     * candidate: what asks for "the" {@link StreamsBuilderFactoryBean} or {@link StreamsBuilder} gets the exposures'
     * application, which holds the stores the endpoints query.
     */
    @Bean(defaultCandidate = false)
    StreamsBuilderFactoryBean decisionsStreamsBuilder(
            @Qualifier(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
            KafkaStreamsConfiguration exposures, KafkaDeadLetterSink deadLetters,
            ObjectProvider<MeterRegistry> meterRegistry) {
        Properties config = exposures.asProperties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG,
                decisionsApplicationId(config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
        deadLetterUnreadable(config, deadLetters);
        StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(exposures);
        factory.setStreamsConfiguration(config);
        factory.setStreamsUncaughtExceptionHandler(StreamConfiguration::replaceThread);
        meterRegistry.ifAvailable(registry -> factory.addListener(new KafkaStreamsMicrometerListener(registry)));
        return factory;
    }

    static String decisionsApplicationId(String exposuresApplicationId) {
        return exposuresApplicationId + "-decisions";
    }

    @Bean
    ReportingTopology.Wiring decisionsTopology(
            @Qualifier("decisionsStreamsBuilder") StreamsBuilderFactoryBean decisions,
            ReportingTopology.Wiring exposures, ReportingTopology.Bridge bridge) throws Exception {
        StreamsBuilder builder = decisions.getObject();
        // its own view, swapped by its own global thread: the decisions' application processes nothing before its
        // configuration store is restored, whatever the exposures' application has read
        ReportingTopology.Wiring wiring = exposures.forApplication(
                decisionsApplicationId(exposures.group()), new ConfigView());
        ReportingTopology.buildDecisions(builder, wiring, bridge);
        return wiring;
    }

    private static StreamThreadExceptionResponse replaceThread(Throwable e) {
        log.error("Stream thread failed; replacing it (its tasks resume from the last commit): {}",
                e.getMessage(), e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer replaceFailedThreads() {
        return factory -> factory.setStreamsUncaughtExceptionHandler(StreamConfiguration::replaceThread);
    }

    /** Unreadable records of the internal topics go to the dead-letter topic too ({@link InternalTopicDeadLetters}). */
    @Bean
    StreamsBuilderFactoryBeanConfigurer deadLetterUnreadableRecords(KafkaDeadLetterSink deadLetters) {
        return factory -> {
            Properties config = new Properties();
            config.putAll(factory.getStreamsConfiguration());
            deadLetterUnreadable(config, deadLetters);
            factory.setStreamsConfiguration(config);
        };
    }

    private static void deadLetterUnreadable(Properties config, KafkaDeadLetterSink deadLetters) {
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                InternalTopicDeadLetters.class.getName());
        config.put(InternalTopicDeadLetters.SINK_CONFIG, deadLetters);
    }
}
