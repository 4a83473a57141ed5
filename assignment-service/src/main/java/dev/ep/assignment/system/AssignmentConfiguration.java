package dev.ep.assignment.system;

import dev.ep.assignment.api.ApiKeyFilter;
import dev.ep.assignment.assign.AssignJson;
import dev.ep.assignment.assign.CoverageJson;
import tools.jackson.databind.json.JsonMapper;
import dev.ep.assignment.api.RequestEdge;
import dev.ep.assignment.api.StorefrontMetrics;
import dev.ep.assignment.api.StorefrontRoute;
import java.util.List;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import io.micrometer.observation.ObservationPredicate;
import dev.ep.webedge.NettyConnectionLimit;
import dev.ep.webedge.ReactiveBodyLimit;
import dev.ep.webedge.ReactiveRequestGuard;
import io.netty.channel.ChannelOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.web.reactive.HandlerMapping;
import dev.ep.assignment.events.EventPublisher;
import dev.ep.assignment.events.SpillJournal;
import dev.ep.assignment.snapshot.ConfigFeed;
import dev.ep.assignment.tracking.EventsJson;
import dev.ep.assignment.token.ExposureTokens;
import dev.ep.assignment.token.TokenKey;
import dev.ep.assignment.token.TokenKeyFile;
import dev.ep.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the configuration feed, the event publisher with its spill journal, and their health indicators. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AssignmentProperties.class)
class AssignmentConfiguration {

    /** Producer delivery timeout: how long a send may stay unacknowledged before it is spilled. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ConfigFeed configFeed(KafkaProperties kafka, AssignmentProperties properties, Clock clock, MeterRegistry meters) {
        return ConfigFeed.create(kafka.buildConsumerProperties(), kafka.buildProducerProperties(),
                kafka.buildAdminProperties(), properties.eventPartitions(),
                properties.dataDir().resolve("config-snapshot.avro"), clock, meters);
    }

    @Bean(destroyMethod = "close")
    EventPublisher eventPublisher(KafkaProperties kafka, AssignmentProperties properties, Clock clock,
            MeterRegistry meters) throws IOException {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "assignment-events");
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config);
        SpillJournal journal = new SpillJournal(properties.dataDir().resolve("journal"), properties.segmentBytes(),
                properties.journalMaxBytes(), clock);
        return new EventPublisher(producer, journal, properties.queueCapacity(), DELIVERY_TIMEOUT.plusSeconds(5),
                properties.fsyncInterval(), meters, clock);
    }

    /**
     * The exposure-token codec: the configured key, or the one generated at the first start and kept in the data
     * directory (so tokens survive a restart).
     */
    @Bean
    ExposureTokens exposureTokens(AssignmentProperties properties) throws IOException {
        AssignmentProperties.ExposureToken settings = properties.exposureToken();
        TokenKey key = settings.key() != null ? settings.key()
                : TokenKeyFile.loadOrCreate(properties.dataDir().resolve(TokenKeyFile.NAME), new SecureRandom());
        return new ExposureTokens(key, settings.previousKey(), settings.ttl());
    }

    /**
     * The API key, checked on the handler a request is routed to, whatever the spelling of its path; after the edge
     * guard and the body bound.
     */
    @Bean
    ApiKeyFilter apiKeyFilter(AssignmentProperties properties,
            @Qualifier("requestMappingHandlerMapping") HandlerMapping handlers) {
        return new ApiKeyFilter(properties.apiKeyHashes(), handlers, Ordered.HIGHEST_PRECEDENCE + 30);
    }

    /**
     * The storefront paths' request timer ({@code http.server.requests}), before every other filter, instead of the
     * per-request HTTP server observation, which {@link #storefrontNotObserved()} turns off for them (issue 13).
     */
    @Bean
    StorefrontMetrics storefrontMetrics(MeterRegistry meters) {
        return new StorefrontMetrics(meters, Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * The storefront's direct route ({@link StorefrontRoute}) in front of WebFlux's handler, unless
     * {@code ep.assignment.direct-route} is false: the plain storefront request is served below the dispatcher, every
     * other request as before.
     */
    @Bean
    WebHttpHandlerBuilderCustomizer storefrontRoute(List<StorefrontRoute.Endpoint<?, ?>> endpoints,
            ApiKeyFilter apiKey, StorefrontMetrics metrics, JsonMapper mapper, MeterRegistry meters,
            AssignmentProperties properties) {
        if (!properties.directRoute()) {
            return builder -> { };
        }
        return builder -> builder.httpHandlerDecorator(webFlux -> new StorefrontRoute(webFlux, endpoints,
                apiKey::accepts, metrics, mapper, meters));
    }

    @Bean
    ObservationPredicate storefrontNotObserved() {
        return StorefrontMetrics.predicate();
    }

    /**
     * The shared edge guard (web-edge), first: a query string that is not percent-encoded UTF-8 (400
     * {@code MALFORMED_QUERY}), a method no endpoint uses (405), a wildcard {@code Content-Type} (415), each a problem
     * detail before anything reads the request.
     */
    @Bean
    ReactiveRequestGuard requestGuard() {
        return RequestEdge.guard(Ordered.HIGHEST_PRECEDENCE + 1);
    }

    /** 1 MB for /v1/events, 64 KB elsewhere: a declared length above it refused before the body is read (413). */
    @Bean
    ReactiveBodyLimit bodyLimit(AssignmentProperties properties) {
        return RequestEdge.bodyLimit(properties.maxEventBodyBytes(), properties.maxBodyBytes(),
                Ordered.HIGHEST_PRECEDENCE + 20);
    }

    /**
     * Reactor Netty as Tomcat was configured: at most {@code ep.assignment.max-connections} ({@code EP_ASSIGNMENT_MAX_CONNECTIONS}, 8192) open connections
     * (Netty has no such bound of its own; beyond it a new connection is closed at once); keep-alive, idle timeout,
     * request line and header limits are {@code server.netty.*} in application.yml.
     */
    @Bean
    NettyServerCustomizer connectionLimit(@Value("${ep.assignment.max-connections:8192}") int maxConnections) {
        var limit = NettyConnectionLimit.of(maxConnections, new AtomicInteger());
        return limit::apply;
    }

    /**
     * A query string that is not percent-encoded UTF-8 is refused by Netty-level {@code NettyRequestGuard} with the
     * same 400 {@code MALFORMED_QUERY} problem (WebFlux would fail to build the request's URI and answer a bare 400).
     */
    @Bean
    NettyServerCustomizer undecodableQueryAsProblem() {
        var guard = RequestEdge.nettyRequestGuard();
        return guard::apply;
    }

    /**
     * A client that shuts its side after sending the request (half-close, as Tomcat allowed) still gets its answer:
     * without this Netty closed the connection at the end of the input, before an asynchronous answer (health on its
     * own scheduler) was written. The connection is closed after that answer, or by the idle timeout.
     */
    @Bean
    NettyServerCustomizer allowHalfClosure() {
        return server -> server.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    /** The codecs hold at most the larger body bound in memory (the edge's bound answers first, with its 413). */
    @Bean
    CodecCustomizer bodyBoundCodecs(AssignmentProperties properties) {
        int max = maxInMemory(properties);
        return configurer -> configurer.defaultCodecs().maxInMemorySize(max);
    }

    /**
     * The storefront bodies and answers ({@code /v1/assign}, {@code /v1/coverage}, {@code /v1/events}) read from the
     * token stream and written with a generator, before the default codecs, with the same bound (issue 13).
     */
    @Bean
    CodecCustomizer storefrontCodecs(AssignmentProperties properties, JsonMapper mapper) {
        int max = maxInMemory(properties);
        var assign = AssignJson.codecs(mapper, max);
        var coverage = CoverageJson.codecs(mapper, max);
        var events = EventsJson.codecs(mapper, max);
        return configurer -> {
            assign.accept(configurer);
            coverage.accept(configurer);
            events.accept(configurer);
        };
    }

    private static int maxInMemory(AssignmentProperties properties) {
        return (int) Math.max(properties.maxEventBodyBytes(), properties.maxBodyBytes());
    }

    @Bean("config")
    ConfigHealthIndicator configHealthIndicator(ConfigFeed feed, AssignmentProperties properties, Clock clock) {
        return new ConfigHealthIndicator(feed, properties.catchUpGrace(), clock);
    }

    @Bean("events")
    JournalHealthIndicator eventsHealthIndicator(EventPublisher publisher, Clock clock) {
        return new JournalHealthIndicator(publisher, clock);
    }
}
