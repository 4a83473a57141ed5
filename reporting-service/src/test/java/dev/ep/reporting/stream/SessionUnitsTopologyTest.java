package dev.ep.reporting.stream;

import static dev.ep.reporting.stream.Events.decision;
import static dev.ep.reporting.stream.Events.order;
import static dev.ep.reporting.stream.Events.sessionCoverage;
import static dev.ep.reporting.stream.TopologyHarness.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.UnitState;
import dev.ep.schemas.failure.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Session units are attributed in the task of the partition their records arrive on (no repartition), USER units
 * through the {@code user-units} repartition. The driver runs every input on partition 0 of 2 configured partitions,
 * so a session whose id belongs to partition 1 is one whose producer did not key it by session id.
 */
class SessionUnitsTopologyTest {

    private static final SessionPlacement PLACEMENT = new SessionPlacement(2);

    final TopologyHarness harness;

    SessionUnitsTopologyTest() throws Exception {
        harness = new TopologyHarness(new AttributionSettings(TopologyHarness.WINDOW, TopologyHarness.GRACE,
                10 * TopologyHarness.WINDOW), Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO,
                Files.createTempDirectory("reporting-ttd"), 2, 1_000);
        harness.send(TOPICS.config(), Events.experiment("exp", UnitType.SESSION, null));
        harness.send(TOPICS.config(), Events.experiment("users", UnitType.USER, null));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldKeepSessionUnitsInTheInputsTaskAndUserUnitsBehindTheRepartition() {
        String here = session(0, 0);
        harness.send(TOPICS.assignments(), decision(here, "exp", "control", false, false, 0));
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "control", here, 1));
        harness.send(TOPICS.coverage(), Events.coverage("users", 1, "treatment", UnitType.USER, "u1", here, 100, 2));
        harness.send(TOPICS.events(), order("e1", here, "u1", 700, "o1", 3));

        assertThat(harness.arm("exp", 1, "control").exposed()).isEqualTo(1);
        assertThat(harness.arm("exp", 1, "control").assigned()).isEqualTo(1);
        assertThat(harness.sumY("exp", 1, "control", "revenue_per_session")).isEqualTo(700);
        assertThat(harness.arm("users", 1, "treatment").exposed()).isEqualTo(1);
        assertThat(harness.sumY("users", 1, "treatment", "revenue_per_session")).isEqualTo(700);
        KeyValueStore<String, UnitState> sessions = harness.driver.getKeyValueStore(
                ReportingTopology.SESSION_UNITS_STORE);
        KeyValueStore<String, UnitState> users = harness.driver.getKeyValueStore(ReportingTopology.USER_UNITS_STORE);
        assertThat(sessions.get("SESSION/" + here)).isNotNull();
        assertThat(users.get("SESSION/" + here)).isNull();
        assertThat(users.get("USER/u1")).isNotNull();
        assertThat(sessions.get("USER/u1")).isNull();
        assertThat(harness.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterWholeRecordWhoseSessionBelongsToAnotherPartition() {
        String elsewhere = session(1, 0);
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "control", elsewhere, 1));
        // a tracking event with a user: its user part alone would be attributable, but the record goes whole
        harness.send(TOPICS.coverage(), Events.coverage("users", 1, "treatment", UnitType.USER, "u2", session(0, 1),
                100, 2));
        harness.send(TOPICS.events(), order("e2", elsewhere, "u2", 900, "o2", 3));

        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.REASON)).containsOnly("validation");
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                .containsExactly(TOPICS.coverage(), TOPICS.events());
        assertThat(harness.arm("exp", 1, "control").exposed()).isZero();
        assertThat(harness.arm("users", 1, "treatment").exposed()).isEqualTo(1);
        assertThat(harness.sumY("users", 1, "treatment", "revenue_per_session")).isZero();
    }

    /** The {@code n}th session id (from 0) that belongs to {@code partition} of 2. */
    private static String session(int partition, int n) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "s-" + i)
                .filter(id -> PLACEMENT.partitionOf(id) == partition).skip(n).findFirst().orElseThrow();
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
