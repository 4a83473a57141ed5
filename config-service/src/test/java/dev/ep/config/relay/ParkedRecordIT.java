package dev.ep.config.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ep.config.support.Api.Response;
import dev.ep.config.support.Api;
import dev.ep.config.support.Bodies;
import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Records;
import dev.ep.config.support.ServiceInstance;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 9 §3: a change whose records can never be sent (here: larger than the producer's max.request.size) is
 * parked instead of blocking every later change; health is DOWN and the metric counts it until an admin releases
 * it over the API.
 */
class ParkedRecordIT {

    @Test
    void shouldParkARecordThatCanNeverBeSentAndPublishWhatFollowsWhenItIsTooLarge() {
        // given: a relay whose producer accepts records up to 10,000 bytes
        Database db = TestPlatform.postgres().newDatabase("config_parked");
        ConfigTopics topics = ConfigTopics.unique();
        Map<String, String> settings = Map.of("ep.config.security.dev-tokens", "true",
                "spring.kafka.producer.properties.max.request.size", "10000");
        try (ServiceInstance service = ServiceInstance.start(db, topics, true, settings)) {
            Api api = new Api(service.port());
            assertThat(api.post("/v1/layers", Api.ADMIN, Bodies.layer("parked")).status()).isEqualTo(201);
            String huge = Bodies.experiment("huge", "parked").replace("\"grey\"", "\"" + "g".repeat(15_000) + "\"");

            // when: a change too large for Kafka (sequence 3), then a small one (sequence 4)
            assertThat(api.post("/v1/experiments", Api.OWNER, huge).status()).isEqualTo(201);
            assertThat(api.post("/v1/layers", Api.ADMIN, Bodies.layer("after")).status()).isEqualTo(201);

            // then: 4 is published after 3 was parked, and nothing is left waiting behind it
            await().atMost(Duration.ofSeconds(30)).until(() -> pending(service) == 0);
            List<ConsumerRecord<String, ExperimentChange>> changes = Records.readUntil(topics.changes(),
                    records -> records.stream().anyMatch(r -> r.value().getSequence() == 4));
            assertThat(changes).extracting(r -> r.value().getSequence()).containsExactly(1L, 2L, 4L);

            // and: visible: health DOWN, the metric, the parked row with its reason
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(503);
            assertThat(service.bean(MeterRegistry.class).get("ep.config.relay.parked").gauge().value()).isEqualTo(1.0);
            Response parked = api.get("/v1/relay/parked", Api.VIEWER);
            assertThat(parked.json().get(0).path("sequence").asLong()).isEqualTo(3);
            assertThat(parked.json().get(0).path("reason").asString()).contains("RecordTooLargeException");

            // and the way out: an owner may not release it, an admin may; health is UP again
            assertThat(api.call(HttpMethod.DELETE, "/v1/relay/parked/3", Api.OWNER, null, null).status())
                    .isEqualTo(403);
            assertThat(api.call(HttpMethod.DELETE, "/v1/relay/parked/3", Api.ADMIN, null, null).status())
                    .isEqualTo(204);
            assertThat(api.call(HttpMethod.DELETE, "/v1/relay/parked/3", Api.ADMIN, null, null).status())
                    .isEqualTo(404);
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(service.bean(MeterRegistry.class).get("ep.config.relay.parked").gauge().value()).isZero();
            assertThat(api.get("/v1/relay/parked", Api.VIEWER).json().size()).isZero();
        }
    }

    @Test
    void shouldCallOnlySizeAndSchemaRefusalsNeverSendableWhenClassifying() {
        assertThat(OutboxRelay.neverSendable(new RecordTooLargeException("big")))
                .isTrue();
        assertThat(OutboxRelay.neverSendable(new SerializationException("x",
                new SchemaRegistryException("incompatible", 409, 409, null, null)))).isTrue();
        assertThat(OutboxRelay.neverSendable(new SerializationException("x",
                new SchemaRegistryException("down", null)))).isFalse();
        assertThat(OutboxRelay.neverSendable(new TimeoutException("slow"))).isFalse();
    }

    private static long pending(ServiceInstance instance) {
        Long n = instance.bean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM config_outbox"
                + " WHERE published_at IS NULL AND parked_at IS NULL", Long.class);
        return n == null ? -1 : n;
    }
}
