package dev.ep.config.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    static String sha(String token) {
        return HexFormat.of().formatHex(TokenAuthenticator.sha256(token));
    }

    final TokenAuthenticator authenticator = new TokenAuthenticator(new SecurityProperties(List.of(
            new SecurityProperties.Token("alice", Role.OWNER, sha("alice-token")),
            new SecurityProperties.Token("victor", Role.VIEWER, sha("victor-token"))), false));

    @Test
    void shouldFindThePrincipalAndRoleWhenTheTokenMatches() {
        assertThat(authenticator.authenticate("alice-token")).contains(new Caller("alice", Role.OWNER));
        assertThat(authenticator.authenticate("victor-token")).contains(new Caller("victor", Role.VIEWER));
    }

    @Test
    void shouldFindNobodyWhenTheTokenIsUnknownOrAHash() {
        assertThat(authenticator.authenticate("alice-token ")).isEmpty();
        assertThat(authenticator.authenticate(sha("alice-token"))).isEmpty();
        assertThat(authenticator.authenticate("")).isEmpty();
    }

    @Test
    void shouldRefuseAConfiguredPlainTokenWhenAHashIsExpected() {
        assertThatThrownBy(() -> new SecurityProperties.Token("alice", Role.OWNER, "dev-owner-token"))
                .hasMessageContaining("hex SHA-256 of the token");
    }

    @Test
    void shouldMatchTheDocumentedDevelopmentTokenHashes() {
        assertThat(sha("dev-owner-token")).isEqualTo("8ac4afa44f3f01da2d47daaee53270af09cdf9b0482481377b750332904ddd94");
        assertThat(sha("dev-viewer-token")).isEqualTo("ce2bc80df24ceeb9021f86ebb9b2ad727af4f9fabb308232bd168b16f1de2526");
        assertThat(SecurityProperties.DEV_TOKENS).extracting(SecurityProperties.Token::sha256).containsExactly(
                sha("dev-owner-token"), sha("dev-admin-token"), sha("dev-viewer-token"));
    }

    @Test
    void shouldAcceptTheDevTokensOnlyWhenEnabled() {
        SecurityProperties.Token unset = new SecurityProperties.Token("admin", Role.ADMIN, "");
        TokenAuthenticator dev = new TokenAuthenticator(new SecurityProperties(List.of(unset), true));

        assertThat(dev.authenticate("dev-admin-token")).contains(new Caller("dev-admin", Role.ADMIN));
        assertThat(authenticator.authenticate("dev-admin-token")).isEmpty();
        assertThatThrownBy(() -> new TokenAuthenticator(new SecurityProperties(List.of(unset), false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EP_CONFIG_DEV_TOKENS=true");
    }

    @Test
    void shouldLetOnlyAdminsChangeLayersAndTheHoldout() {
        assertThat(Role.VIEWER.canChangePlatform()).isFalse();
        assertThat(Role.OWNER.canChangePlatform()).isFalse();
        assertThat(Role.ADMIN.canChangePlatform()).isTrue();
    }

    @Test
    void shouldLetOnlyOwnersAndAdminsWrite() {
        assertThat(Role.VIEWER.canWrite()).isFalse();
        assertThat(Role.OWNER.canWrite()).isTrue();
        assertThat(Role.ADMIN.canWrite()).isTrue();
    }
}
