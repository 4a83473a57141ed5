package dev.ep.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenHashesTest {

    @Test
    void shouldAcceptOnlyTheTokenWhoseHashIsConfigured() {
        // given: printf '%s' dev-viewer-token | sha256sum
        TokenHashes hashes = TokenHashes.of("setting",
                List.of("CE2BC80DF24CEEB9021F86EBB9B2AD727AF4F9FABB308232BD168B16F1DE2526", " ", ""));

        // then
        assertThat(hashes.size()).isEqualTo(1);
        assertThat(hashes.accepts(DevTokens.VIEWER)).isTrue();
        assertThat(hashes.accepts(DevTokens.OWNER)).isFalse();
        assertThat(hashes.accepts("")).isFalse();
        assertThat(hashes.accepts(null)).isFalse();
        assertThat(hashes.accepts(TokenHashes.hash(DevTokens.VIEWER))).as("the hash is not the token").isFalse();
    }

    @Test
    void shouldRefuseAConfiguredEntryThatIsNotAHashNamingTheSetting() {
        assertThatThrownBy(() -> TokenHashes.of("EP_REPORTING_TOKEN_HASHES", List.of("my-secret-token")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("EP_REPORTING_TOKEN_HASHES")
                .hasMessageNotContaining("my-secret-token");
    }

    @Test
    void shouldTellWhichConfiguredHashASecretMatches() {
        TokenHashes hashes = TokenHashes.of("s", List.of(TokenHashes.hash("owner"), TokenHashes.hash("viewer"),
                TokenHashes.hash("owner"))).plusSecrets(List.of("dev"));

        assertThat(hashes.indexOf("owner")).as("the first of two equal hashes").hasValue(0);
        assertThat(hashes.indexOf("viewer")).hasValue(1);
        assertThat(hashes.indexOf("dev")).hasValue(3);
        assertThat(hashes.indexOf("other")).isEmpty();
        assertThat(hashes.indexOf(null)).isEmpty();
        assertThat(hashes.accepts("viewer")).isTrue();
        assertThat(hashes.accepts("other")).isFalse();
    }

    @Test
    void shouldAcceptDevTokensOnlyWhenAdded() {
        TokenHashes none = TokenHashes.of("s", null);
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.plusSecrets(DevTokens.ALL).accepts(DevTokens.ADMIN)).isTrue();
    }

    @Test
    void shouldExtractTheBearerTokenWhateverTheSchemeCase() {
        assertThat(BearerToken.from("Bearer abc")).contains("abc");
        assertThat(BearerToken.from("bEaReR  abc ")).contains("abc");
        assertThat(BearerToken.from("Basic abc")).isEmpty();
        assertThat(BearerToken.from("Bearer ")).isEmpty();
        assertThat(BearerToken.from("Bearer    ")).isEmpty();
        assertThat(BearerToken.from(null)).isEmpty();
        char[] huge = new char[10_000];
        Arrays.fill(huge, 'x');
        assertThat(BearerToken.from("Bearer " + new String(huge))).hasValueSatisfying(t -> assertThat(t).hasSize(10_000));
    }
}
