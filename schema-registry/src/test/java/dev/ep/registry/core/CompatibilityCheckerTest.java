package dev.ep.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.registry.core.CompatibilityChecker.PreviousVersion;
import dev.ep.registry.core.CompatibilityChecker.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompatibilityCheckerTest {

    /** For each level: history (oldest first), a change it accepts, a change it rejects. */
    static Stream<Arguments> levels() {
        return Stream.of(CompatibilityFixtures.cases()).map(c -> Arguments.of(c.level(), c.history(), c.compatible(),
                c.incompatible()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("levels")
    void shouldAcceptCompatibleAndRejectIncompatibleChangeForEachLevel(CompatibilityLevel level, List<String> history,
            String compatible, String incompatible) {
        // given
        List<PreviousVersion> previous = versions(history);

        // when
        Result accepted = CompatibilityChecker.check(level, parse(compatible), previous);
        Result rejected = CompatibilityChecker.check(level, parse(incompatible), previous);

        // then
        assertThat(accepted.compatible()).as("compatible change under %s: %s", level, accepted.messages()).isTrue();
        assertThat(accepted.messages()).isEmpty();
        assertThat(rejected.compatible()).as("incompatible change under %s", level).isFalse();
        assertThat(rejected.messages()).anyMatch(m -> m.contains("errorType"))
                .contains("{compatibility: '" + level.name() + "'}");
    }

    @Test
    void shouldAcceptAnythingWhenLevelIsNone() {
        Result result = CompatibilityChecker.check(CompatibilityLevel.NONE, parse("\"int\""),
                versions(List.of(CompatibilityFixtures.ID_NAME)));
        assertThat(result.compatible()).isTrue();
    }

    @Test
    void shouldAcceptAnythingWhenSubjectHasNoVersions() {
        Result result = CompatibilityChecker.check(CompatibilityLevel.FULL_TRANSITIVE, parse("\"int\""), List.of());
        assertThat(result.compatible()).isTrue();
    }

    @Test
    void shouldCheckOnlyLatestWhenLevelIsNotTransitive() {
        // given: the candidate can read version 2 but not version 1
        List<PreviousVersion> previous = versions(List.of(CompatibilityFixtures.ID, CompatibilityFixtures.ID_EMAIL_DEFAULT));
        Schema candidate = parse(CompatibilityFixtures.ID_EMAIL);

        // when / then
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, candidate, previous).compatible()).isTrue();
        Result transitive = CompatibilityChecker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, candidate, previous);
        assertThat(transitive.compatible()).isFalse();
        assertThat(transitive.messages()).contains("{oldSchemaVersion: 1}").doesNotContain("{oldSchemaVersion: 2}");
    }

    private static List<PreviousVersion> versions(List<String> history) {
        List<PreviousVersion> versions = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            versions.add(new PreviousVersion(i + 1, parse(history.get(i))));
        }
        return versions;
    }

    private static Schema parse(String text) {
        return AvroSchemas.parse(text).schema();
    }
}
