package dev.ep.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void shouldMatchOnlyTheHashedPasswordWhenChecked() {
        // given
        PasswordHash hash = PasswordHash.create("s3cr:et ü", 1_000, RANDOM);

        // then
        assertThat(hash.matches("s3cr:et ü")).isTrue();
        assertThat(hash.matches("s3cr:et u")).isFalse();
        assertThat(hash.matches("")).isFalse();
        assertThat(hash.matches(null)).isFalse();
    }

    @Test
    void shouldReadBackWhatItWritesWhenEncoded() {
        // given
        PasswordHash hash = PasswordHash.create("pw", 1_500, RANDOM);

        // when
        PasswordHash read = PasswordHash.parse(hash.encoded());

        // then
        assertThat(read).isEqualTo(hash);
        assertThat(read.iterations()).isEqualTo(1_500);
        assertThat(read.matches("pw")).isTrue();
        assertThat(hash.encoded()).startsWith("pbkdf2-sha256:1500:").doesNotContain("$", ",", "=", "\"", "'");
    }

    @Test
    void shouldSaltEveryHashWhenSamePasswordIsHashedTwice() {
        assertThat(PasswordHash.create("pw", 1_000, RANDOM).encoded())
                .isNotEqualTo(PasswordHash.create("pw", 1_000, RANDOM).encoded());
    }

    @Test
    void shouldUseTheDocumentedDefaultCostWhenHashingForProduction() {
        assertThat(PasswordHash.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(210_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pw", "pbkdf2-sha256:1000:c2FsdA", "bcrypt:1000:c2FsdHNhbHRzYWx0c2FsdA:aGFzaA",
            "pbkdf2-sha256:x:c2FsdHNhbHRzYWx0c2FsdA:aGFzaA", "pbkdf2-sha256:10:c2FsdHNhbHRzYWx0c2FsdA:aGFzaA",
            "pbkdf2-sha256:1000:!!!:aGFzaA", "pbkdf2-sha256:1000:c2FsdA:aGFzaA"})
    void shouldRefuseWithoutRepeatingItWhenHashIsMalformed(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> PasswordHash.parse(text))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2FsdHNhbHRzYWx0c2FsdA", "aGFzaA"));
    }
}
