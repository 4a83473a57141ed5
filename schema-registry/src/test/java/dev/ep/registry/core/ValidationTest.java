package dev.ep.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    @Test
    void shouldParseLatestAndNumbersWhenVersionIsValid() {
        assertThat(VersionSelector.parse("latest")).isInstanceOf(VersionSelector.Latest.class);
        assertThat(VersionSelector.parse("LATEST")).isInstanceOf(VersionSelector.Latest.class);
        assertThat(VersionSelector.parse("-1")).isInstanceOf(VersionSelector.Latest.class);
        assertThat(VersionSelector.parse("7")).isEqualTo(new VersionSelector.Exact(7));
        assertThat(VersionSelector.parse("2147483647")).isEqualTo(new VersionSelector.Exact(Integer.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "abc", "1.5", "2147483648", ""})
    void shouldRejectWithInvalidVersionWhenVersionIsNotAllowed(String text) {
        assertThatThrownBy(() -> VersionSelector.parse(text))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION));
    }

    @Test
    void shouldParseCompatibilityLevelCaseInsensitively() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.parse(" Backward ")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SIDEWAYS", "FULLTRANSITIVE"})
    void shouldRejectWithInvalidCompatibilityLevelWhenLevelIsUnknown(String text) {
        assertThatThrownBy(() -> CompatibilityLevel.parse(text))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_COMPATIBILITY_LEVEL));
        assertThatThrownBy(() -> CompatibilityLevel.parse(null)).isInstanceOf(RegistryException.class);
    }

    @Test
    void shouldKeepLevelDirectionsAsConfluentDefinesThem() {
        assertThat(CompatibilityLevel.BACKWARD.newReadsOld()).isTrue();
        assertThat(CompatibilityLevel.BACKWARD.oldReadsNew()).isFalse();
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.oldReadsNew()).isTrue();
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.transitive()).isTrue();
        assertThat(CompatibilityLevel.FULL.newReadsOld() && CompatibilityLevel.FULL.oldReadsNew()).isTrue();
    }

    @Test
    void shouldAcceptTopicSubjectsAndRejectBlankOrControlCharacters() {
        assertThat(Subjects.validate("ep.assignments-value")).isEqualTo("ep.assignments-value");
        for (String invalid : new String[] {"", "  ", "a\nb", "x".repeat(Subjects.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> Subjects.validate(invalid))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SUBJECT));
        }
    }

    @Test
    void shouldCarryConfluentCodesAndHttpStatuses() {
        assertThat(ErrorCode.SUBJECT_NOT_FOUND.confluentCode()).isEqualTo(40401);
        assertThat(ErrorCode.VERSION_NOT_FOUND.confluentCode()).isEqualTo(40402);
        assertThat(ErrorCode.SCHEMA_NOT_FOUND.confluentCode()).isEqualTo(40403);
        assertThat(ErrorCode.INCOMPATIBLE_SCHEMA.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.INVALID_SCHEMA.confluentCode()).isEqualTo(42201);
        assertThat(ErrorCode.INVALID_SCHEMA.httpStatus()).isEqualTo(422);
        assertThat(ErrorCode.INVALID_VERSION.confluentCode()).isEqualTo(42202);
        assertThat(ErrorCode.INVALID_COMPATIBILITY_LEVEL.confluentCode()).isEqualTo(42203);
    }
}
