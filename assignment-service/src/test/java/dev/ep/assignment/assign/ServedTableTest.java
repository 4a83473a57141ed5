package dev.ep.assignment.assign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.api.ApplicationJson;
import dev.ep.assignment.core.Assignment;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.BucketRange;
import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.ConfigChange;
import dev.ep.assignment.core.ConfigLog;
import dev.ep.assignment.core.ExperimentDefinition;
import dev.ep.assignment.core.LayerDefinition;
import dev.ep.assignment.core.LayerOutcome;
import dev.ep.assignment.core.SlotRange;
import dev.ep.assignment.core.Status;
import dev.ep.assignment.core.TreatmentDefinition;
import dev.ep.assignment.core.UnitType;
import dev.ep.assignment.token.ExposureTokens;
import dev.ep.assignment.token.TokenKey;
import dev.ep.targeting.Targeting;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ServedTableTest {

    private static final JsonMapper MAPPER = ApplicationJson.MAPPER;

    @Test
    void shouldHoldForEveryAssignmentTheHeadAndTokenTextsOfItsOwnExperimentAndTreatment() {
        // given 40 experiments in 8 layers, some paused, with escaped names and variables, and QA overrides
        CompiledConfig config = config(1, "green");
        assertThat(config.warnings()).noneMatch(w -> w.contains("invalid slot map"));
        assertThat(config.experimentCount()).isEqualTo(40);
        ServedTable table = ServedTable.of(config, MAPPER);
        ExposureTokens tokens = new ExposureTokens(TokenKey.of(new byte[32]), null, Duration.ofHours(1));
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        Set<ServedTable.Entry> seen = new HashSet<>();
        int assignments = 0;

        for (int u = 0; u < 3_000; u++) {
            String session = u % 50 == 0 ? "qa-" + (u / 50 % 3) : "s-" + u;
            Assignment assignment = config.assign(new AssignmentRequest(session, null, null, Map.of()));
            for (LayerOutcome.Assigned a : assignment.assigned()) {
                assignments++;
                // when
                ServedTable.Entry entry = table.entry(a);

                // then the entry is the table's own (not one made on the spot) and it is this treatment's
                assertThat(table.entry(a)).isSameAs(entry);
                seen.add(entry);
                assertThat(entry.answerHead()).isEqualTo(AssignJson.head(MAPPER, a.experimentId(), a.layerId(),
                        a.treatment().name(), a.treatment().variables()));
                assertThat(tokens.issuer(session, null, now).issue(entry.tokenTexts(), 1, 1, 1, a.bucket(), a.slot(),
                        a.forced(), a.unitType(), a.unitId())).isEqualTo(tokens.issue(new dev.ep.assignment.token
                        .Exposure(session, null, a.layerId(), a.experimentId(), 1, 1, a.treatment().name(),
                        a.unitType(), a.unitId(), a.bucket(), a.forced() ? null : a.slot(), a.forced(), 1), now));
            }
        }
        assertThat(assignments).isGreaterThan(10_000);
        // every treatment of the running experiments (4 of 5 per layer) was met, each with one entry
        assertThat(seen).hasSize(8 * 4 * 3);
    }

    @Test
    void shouldMakeAnEntryOnTheSpotForAnAssignmentOfAnotherSnapshot() {
        // given a table of one snapshot, and an assignment decided by another whose treatment variables differ
        ServedTable table = ServedTable.of(config(1, "green"), MAPPER);
        CompiledConfig other = config(2, "blue");
        LayerOutcome.Assigned a = java.util.stream.IntStream.range(0, 1_000).boxed()
                .flatMap(u -> other.assign(new AssignmentRequest("s-" + u, null, null, Map.of())).assigned().stream())
                .filter(x -> x.treatment().name().equals("control")).findFirst().orElseThrow();

        // when
        ServedTable.Entry entry = table.entry(a);

        // then the entry is the other snapshot's treatment's, not this table's entry at the same position
        assertThat(new String(entry.answerHead(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"variables\":{\"color\":\"blue\"}");
        assertThat(entry.answerHead()).isEqualTo(AssignJson.head(MAPPER, a.experimentId(), a.layerId(),
                a.treatment().name(), a.treatment().variables()));
    }

    /** 40 experiments in 8 layers (the 2nd of each layer paused), three treatments each, overrides for three QA sessions. */
    private static CompiledConfig config(int version, String color) {
        ConfigLog log = new ConfigLog();
        long sequence = 1;
        for (int l = 0; l < 8; l++) {
            log.apply(new ConfigChange.LayerPut("layer:l\"" + l, sequence++, new LayerDefinition("l\"" + l, 10_000,
                    UnitType.SESSION)));
            for (int e = 0; e < 5; e++) {
                String id = "exp-" + l + "-" + e;
                List<TreatmentDefinition> treatments = List.of(
                        new TreatmentDefinition("control", true, 3_334, "{\"color\":\"" + color + "\"}"),
                        new TreatmentDefinition("b\u00e9ta", false, 3_333, "{\"n\":1.50,\"s\":\"q\\\"x\\\\y\"}"),
                        new TreatmentDefinition("g\"" + e, false, 3_333, "{}"));
                List<SlotRange> slots = List.of(new SlotRange(0, 34, "control"), new SlotRange(34, 67, "b\u00e9ta"),
                        new SlotRange(67, 100, "g\"" + e));
                log.apply(new ConfigChange.ExperimentPut("experiment:" + id, sequence++, new ExperimentDefinition(id,
                        "l\"" + l, version, 1, UnitType.SESSION, id, e % 2 == 0 || e == 3 ? Status.RUNNING
                        : Status.PAUSED, List.of(new BucketRange(e * 2_000, e * 2_000 + 2_000)), 100, treatments,
                        slots, Targeting.EVERYONE, Map.of("qa-0", "control", "qa-1", "g\"" + e))));
            }
        }
        return log.compile();
    }
}
