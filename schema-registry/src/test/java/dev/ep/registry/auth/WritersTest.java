package dev.ep.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class WritersTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String entry(String user, String password) {
        return user + ":" + PasswordHash.create(password, 1_000, RANDOM).encoded();
    }

    @Test
    void shouldAuthenticateEachWriterWithItsOwnPasswordOnlyWhenParsedFromEntries() {
        // given
        Writers writers = Writers.parse(" " + entry("alice", "a-pw") + ", ," + entry("bob", "b-pw"), RANDOM);

        // then
        assertThat(writers.users()).containsExactly("alice", "bob");
        assertThat(writers.authenticate("alice", "a-pw")).isTrue();
        assertThat(writers.authenticate("bob", "b-pw")).isTrue();
        assertThat(writers.authenticate("alice", "b-pw")).isFalse();
        assertThat(writers.authenticate("carol", "a-pw")).isFalse();
        assertThat(writers.authenticate("", "")).isFalse();
    }

    @Test
    void shouldStillRefuseAWrongPasswordWhenTheRightOneWasRememberedBefore() {
        // given
        Writers writers = Writers.parse(entry("alice", "a-pw"), RANDOM);
        assertThat(writers.authenticate("alice", "a-pw")).isTrue();

        // then
        assertThat(writers.authenticate("alice", "a-pw ")).isFalse();
        assertThat(writers.authenticate("alice", "a-pw")).isTrue();
    }

    @Test
    void shouldHashAClearTextWriterWhenAddedAsUserInfo() {
        // when
        Writers writers = Writers.parse(entry("alice", "a-pw"), RANDOM).with("platform:p:w", 1_000, RANDOM);

        // then
        assertThat(writers.users()).containsExactly("alice", "platform");
        assertThat(writers.authenticate("platform", "p:w")).isTrue();
        assertThat(writers.authenticate("platform", "p")).isFalse();
    }

    @Test
    void shouldBeEmptyWhenNoEntryIsGiven() {
        assertThat(Writers.parse(null, RANDOM).isEmpty()).isTrue();
        assertThat(Writers.parse("  , ", RANDOM).isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseNamingTheEntryButNotItsHashWhenAnEntryIsMalformed() {
        String good = entry("alice", "a-pw");
        assertThatIllegalArgumentException().isThrownBy(() -> Writers.parse(good + ",bob", RANDOM))
                .withMessageContaining("entry 2");
        assertThatIllegalArgumentException().isThrownBy(() -> Writers.parse(good + ",bob:pbkdf2-sha256:1", RANDOM))
                .withMessageContaining("entry 2").withMessageContaining("'bob'");
        assertThatIllegalArgumentException().isThrownBy(() -> Writers.parse(good + "," + good, RANDOM))
                .withMessageContaining("twice")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(good.substring(6)));
    }

    @Test
    void shouldRefuseUserInfoWithoutUserOrPasswordOrATakenName() {
        Writers writers = Writers.parse(entry("alice", "a-pw"), RANDOM);
        assertThatIllegalArgumentException().isThrownBy(() -> writers.with("nopassword", 1_000, RANDOM));
        assertThatIllegalArgumentException().isThrownBy(() -> writers.with(":pw", 1_000, RANDOM));
        assertThatIllegalArgumentException().isThrownBy(() -> writers.with("bob:", 1_000, RANDOM));
        assertThatIllegalArgumentException().isThrownBy(() -> writers.with("alice:other", 1_000, RANDOM))
                .withMessageContaining("twice");
    }
}
