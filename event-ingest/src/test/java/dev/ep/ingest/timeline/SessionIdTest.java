package dev.ep.ingest.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionIdTest {

    @Test
    void shouldAcceptEveryIdOfThePlatformGrammarWhenWithinLength() {
        assertThat(new SessionId("s-1_a.b~c:d@e").value()).isEqualTo("s-1_a.b~c:d@e");
        assertThat(new SessionId("a+b=c/d").value()).isEqualTo("a+b=c/d");
        assertThat(SessionId.isValid("x".repeat(128))).isTrue();
    }

    @Test
    void shouldRejectIdsWhenEmptyTooLongOrWithOtherCharacters() {
        assertThatThrownBy(() -> new SessionId("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionId(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> new SessionId("a b")).hasMessageContaining("U+0020");
        assertThat(SessionId.isValid("x".repeat(129))).isFalse();
        assertThat(SessionId.isValid("a%2Fb")).isFalse();
        assertThat(SessionId.isValid("<script>")).isFalse();
        assertThat(SessionId.isValid(null)).isFalse();
    }
}
