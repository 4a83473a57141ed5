package dev.ep.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class WriteAccessTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HASHED = "alice:" + PasswordHash.create("pw", 1_000, RANDOM).encoded();

    @Test
    void shouldRefuseToStartSayingWhatToSetWhenNoWriterIsConfigured() {
        assertThatThrownBy(() -> WriteAccess.from(new AuthProperties(null, null, false), RANDOM))
                .isInstanceOf(WriteAccessException.class)
                .hasMessageContaining("EP_REGISTRY_WRITERS")
                .hasMessageContaining("EP_REGISTRY_WRITER_USER_INFO")
                .hasMessageContaining("EP_REGISTRY_ALLOW_ANONYMOUS_WRITES=true");
        assertThatThrownBy(() -> WriteAccess.from(new AuthProperties(" ", "", false), RANDOM))
                .isInstanceOf(WriteAccessException.class);
    }

    @Test
    void shouldLetAnyoneWriteOnlyWhenTheDevelopmentSwitchIsOnAlone() {
        assertThat(WriteAccess.from(new AuthProperties("", "", true), RANDOM)).isInstanceOf(WriteAccess.Anonymous.class);
        assertThatThrownBy(() -> WriteAccess.from(new AuthProperties(HASHED, null, true), RANDOM))
                .isInstanceOf(WriteAccessException.class).hasMessageContaining("choose one");
        assertThatThrownBy(() -> WriteAccess.from(new AuthProperties(null, "bob:pw", true), RANDOM))
                .isInstanceOf(WriteAccessException.class).hasMessageContaining("choose one");
    }

    @Test
    void shouldGuardWritesWithHashedAndClearTextWritersWhenBothAreGiven() {
        // when
        WriteAccess access = WriteAccess.from(new AuthProperties(HASHED, " bob:b-pw ", false), RANDOM);

        // then
        assertThat(access).isInstanceOfSatisfying(WriteAccess.Guarded.class, guarded -> {
            assertThat(guarded.writers().users()).containsExactly("alice", "bob");
            assertThat(guarded.writers().authenticate("alice", "pw")).isTrue();
            assertThat(guarded.writers().authenticate("bob", "b-pw")).isTrue();
        });
    }

    @Test
    void shouldRefuseToStartWhenAWriterIsMalformed() {
        assertThatThrownBy(() -> WriteAccess.from(new AuthProperties("alice:plain-password", null, false), RANDOM))
                .isInstanceOf(WriteAccessException.class).hasMessageContaining("pbkdf2-sha256")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("plain-password"));
        assertThatThrownBy(() -> WriteAccess.from(new AuthProperties(null, "no-colon", false), RANDOM))
                .isInstanceOf(WriteAccessException.class);
    }

    @Test
    void shouldNotShowCredentialsWhenSettingsArePrinted() {
        assertThat(new AuthProperties(HASHED, "bob:b-pw", false).toString()).doesNotContain("b-pw", HASHED);
    }
}
