package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UniqueTopicTest {

    @Test
    void shouldAppendRandomSuffixWhenBaseIsLegal() {
        String first = TestPlatform.uniqueTopic("ep.events");
        String second = TestPlatform.uniqueTopic("ep.events");

        assertThat(first).matches("ep\\.events-[0-9a-f]{8}");
        assertThat(second).matches("ep\\.events-[0-9a-f]{8}").isNotEqualTo(first);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "slash/topic", "ümlaut"})
    void shouldRejectBaseWhenKafkaWouldRejectTopic(String base) {
        assertThatThrownBy(() -> TestPlatform.uniqueTopic(base)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectBaseWhenNameWouldExceedKafkaLimit() {
        assertThatThrownBy(() -> TestPlatform.uniqueTopic("a".repeat(241))).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestPlatform.uniqueTopic("a".repeat(240))).hasSize(249);
    }
}
