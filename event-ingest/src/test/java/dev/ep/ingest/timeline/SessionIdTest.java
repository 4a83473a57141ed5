package dev.ep.ingest.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionIdTest {

    @Test
    void shouldAcceptUrlSafeIdsWhenWithinLength() {
        assertThat(new SessionId("s-1_a.b~c:d@e").value()).isEqualTo("s-1_a.b~c:d@e");
        assertThat(SessionId.isValid("x".repeat(256))).isTrue();
    }

    @Test
    void shouldRejectIdsWhenEmptyTooLongOrWithOtherCharacters() {
        assertThatThrownBy(() -> new SessionId("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionId.isValid("x".repeat(257))).isFalse();
        assertThat(SessionId.isValid("a b")).isFalse();
        assertThat(SessionId.isValid("<script>")).isFalse();
        assertThat(SessionId.isValid(null)).isFalse();
    }
}
