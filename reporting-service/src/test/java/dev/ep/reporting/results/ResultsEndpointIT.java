package dev.ep.reporting.results;

import dev.ep.schemas.failure.DeadLetterHeaders;

import static dev.ep.reporting.stream.Events.decision;
import static dev.ep.reporting.stream.Events.order;
import static dev.ep.reporting.stream.Events.sessionCoverage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.access.DevTokens;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.EventProducer;
import dev.ep.reporting.ReportingInstance;
import dev.ep.reporting.ReportingInstance.Deployment;
import dev.ep.reporting.stream.Events;
import dev.ep.testsupport.TestPlatform;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The service end to end on a real broker and the real registry: events in through Kafka, results out over HTTP,
 * poison records to the dead-letter topic, and the same aggregates after a restart that lost its local state.
 */
class ResultsEndpointIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void shouldServeAnalysedResultsAfterRealEventStreamAndKeepThemExactAcrossRestart() {
        Deployment d = Deployment.unique();
        try (EventProducer producer = new EventProducer()) {
            ReportingInstance first = ReportingInstance.start(d);
            try {
                producer.send(d.config(), "experiment:checkout", Events.experiment("checkout", UnitType.SESSION, null));
                producer.send(d.coverage(), "s1", sessionCoverage("checkout", "control", "s1", 0));
                producer.send(d.coverage(), "s2", sessionCoverage("checkout", "control", "s2", 0));
                producer.send(d.coverage(), "s3", sessionCoverage("checkout", "treatment", "s3", 0));
                producer.send(d.coverage(), "s4", sessionCoverage("checkout", "treatment", "s4", 0));
                producer.send(d.coverage(), "qa", Events.forced(sessionCoverage("checkout", "treatment", "qa", 0)));
                producer.send(d.events(), "s1", order("e1", "s1", null, 1_000, "o1", 10));
                producer.send(d.events(), "s1", order("e1", "s1", null, 1_000, "o1", 11));
                producer.send(d.events(), "s3", order("e3", "s3", null, 4_000, "o3", 10));
                producer.send(d.events(), "s3", order("e3-resent", "s3", null, 4_000, "o3", 12));
                producer.send(d.events(), "s4", order("e4", "s4", null, 2_000, "o4", 10));
                producer.send(d.events(), "qa", order("eq", "qa", null, 9_999, "oq", 10));
                producer.send(d.events(), "s2", Events.event("v2", TrackingType.PAGE_VIEW, "s2", null, 10));
                producer.send(d.assignments(), "s1", decision("s1", "checkout", "control", false, false, 0));
                producer.send(d.assignments(), "s3", decision("s3", "checkout", "treatment", false, false, 0));

                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                    JsonNode body = results(first.http(), "checkout");
                    JsonNode stats = body.get("statistics");
                    assertThat(units(stats, "coverageUnits")).isEqualTo(Map.of("control", 2L, "treatment", 2L));
                    assertThat(units(stats, "assignmentUnits")).isEqualTo(Map.of("control", 1L, "treatment", 1L));
                    assertThat(arm(stats, "revenue_per_session", "control").get("sumY").asLong()).isEqualTo(1_000);
                    assertThat(arm(stats, "revenue_per_session", "treatment").get("sumY").asLong()).isEqualTo(6_000);
                });
                JsonNode body = results(first.http(), "checkout");
                assertThat(body.get("phase").asInt()).isEqualTo(1);
                assertThat(body.get("currentTo").asString())
                        .as("the latest input that changed a figure: the duplicates at 11 and 12 change none")
                        .isEqualTo(Events.at(10).toString());
                assertThat(body.get("configVersions").get("max").asLong()).isEqualTo(10);
                JsonNode conversion = metric(body.get("analysis"), "conversion");
                assertThat(conversion.get("role").asString()).isEqualTo("PRIMARY");
                assertThat(body.get("analysis").get("srmCoverage")).isNotNull();
                assertThat(arm(body.get("statistics"), "conversion", "treatment").get("sumY").asLong()).isEqualTo(2);

                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                    JsonNode series = first.http().get().uri("/v1/experiments/checkout/results/timeseries")
                            .retrieve().body(JsonNode.class);
                    JsonNode points = series.get("points");
                    assertThat(points.size()).isPositive();
                    JsonNode last = points.get(points.size() - 1);
                    assertThat(last.get("coverageUnits").get("treatment").asLong()).isEqualTo(2);
                    assertThat(metric(last.get("analysis"), "conversion").get("arms")).hasSize(2);
                });
            } finally {
                first.close();
            }

            ReportingInstance second = ReportingInstance.start(d);
            try {
                producer.send(d.events(), "s2", order("e2", "s2", null, 500, "o2", 20));
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                    JsonNode stats = results(second.http(), "checkout").get("statistics");
                    assertThat(arm(stats, "revenue_per_session", "control").get("sumY").asLong())
                            .as("restored state plus the new order, nothing counted twice").isEqualTo(1_500);
                    assertThat(arm(stats, "revenue_per_session", "control").get("sumY2").asLong())
                            .isEqualTo(1_000L * 1_000 + 500L * 500);
                    assertThat(units(stats, "coverageUnits")).isEqualTo(Map.of("control", 2L, "treatment", 2L));
                    assertThat(arm(stats, "revenue_per_session", "treatment").get("sumY").asLong()).isEqualTo(6_000);
                });
            } finally {
                second.close();
            }
        }
    }

    @Test
    void shouldDeadLetterPoisonFromEveryInputAndAnswerBadRequestsWithProblems() {
        Deployment d = Deployment.unique();
        try (EventProducer producer = new EventProducer(); ReportingInstance instance = ReportingInstance.start(d)) {
            byte[] poison = "not confluent framing".getBytes(StandardCharsets.UTF_8);
            for (String topic : List.of(d.coverage(), d.events(), d.assignments(), d.config())) {
                producer.sendRaw(topic, "k".getBytes(StandardCharsets.UTF_8), poison);
            }
            producer.sendRaw(d.coverage(), null, new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 1});

            List<String> origins = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    "bootstrap.servers", TestPlatform.kafka().bootstrapServers(), "group.id", "dlt-" + d.applicationId(),
                    "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(d.deadLetters()));
                await().atMost(WAIT).until(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        origins.add(new String(r.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC).value(),
                                StandardCharsets.UTF_8));
                    }
                    return origins.size() >= 6;
                });
                // and nothing more arrives
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
                    origins.add(new String(r.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC).value(),
                            StandardCharsets.UTF_8));
                }
            }
            // the configuration is read by both applications (exposures' and decisions'), each with its own global
            // thread: each dead-letters the poison it could not read, under its own consumer name
            assertThat(origins).containsExactlyInAnyOrder(d.coverage(), d.coverage(), d.events(), d.assignments(),
                    d.config(), d.config());

            await().atMost(WAIT).until(() -> status(instance, "/v1/experiments/nope/results").value() != 503);
            assertThat(status(instance, "/v1/experiments/nope/results").value()).isEqualTo(404);
            assertThat(status(instance, "/v1/experiments/Bad%2FId/results").value()).isEqualTo(400);
            assertThat(status(instance, "/v1/experiments/nope/results?phase=-1").value()).isEqualTo(400);
            assertThat(status(instance, "/v1/experiments/nope/results?metric=a%00b").value()).isEqualTo(400);
            assertThat(status(instance, "/v1/experiments/nope/results", "Bearer wrong").value()).isEqualTo(401);
        }
    }

    static JsonNode results(RestClient http, String experiment) {
        return http.get().uri("/v1/experiments/{id}/results", experiment).retrieve().body(JsonNode.class);
    }

    /** The status of a GET of this raw path (sent as written, not re-encoded). */
    static HttpStatusCode status(ReportingInstance instance, String path) {
        return status(instance, path, "Bearer " + DevTokens.VIEWER);
    }

    static HttpStatusCode status(ReportingInstance instance, String path, String authorization) {
        ResponseEntity<String> response = RestClient.create().get().uri(URI.create(instance.baseUrl() + path))
                .header("Authorization", authorization)
                .retrieve().onStatus(s -> true, (req, res) -> { }).toEntity(String.class);
        return response.getStatusCode();
    }

    static Map<String, Long> units(JsonNode statistics, String field) {
        Map<String, Long> units = new java.util.TreeMap<>();
        statistics.get(field).properties().forEach(e -> units.put(e.getKey(), e.getValue().asLong()));
        return units;
    }

    static JsonNode metric(JsonNode container, String name) {
        for (JsonNode m : container.get("metrics")) {
            if (m.get("metric").asString().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name + " in " + container);
    }

    static JsonNode arm(JsonNode statistics, String metric, String treatment) {
        for (JsonNode a : metric(statistics, metric).get("arms")) {
            if (a.get("treatment").asString().equals(treatment)) {
                return a;
            }
        }
        throw new AssertionError("no arm " + treatment + " of " + metric);
    }
}
