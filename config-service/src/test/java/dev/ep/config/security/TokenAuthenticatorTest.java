package dev.ep.config.security;

import dev.ep.access.TokenHashes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.ep.config.change.TeamScope;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    static String sha(String token) {
        return TokenHashes.hash(token);
    }

    final TokenAuthenticator authenticator = new TokenAuthenticator(new SecurityProperties(List.of(
            new SecurityProperties.Token("alice", Role.OWNER, sha("alice-token"), List.of()),
            new SecurityProperties.Token("victor", Role.VIEWER, sha("victor-token"), null)), false));

    @Test
    void shouldFindThePrincipalAndRoleWhenTheTokenMatches() {
        assertThat(authenticator.authenticate("alice-token"))
                .contains(new Caller("alice", Role.OWNER, TeamScope.of(List.of("alice"))));
        assertThat(authenticator.authenticate("victor-token"))
                .contains(new Caller("victor", Role.VIEWER, TeamScope.NONE));
    }

    @Test
    void shouldFindNobodyWhenTheTokenIsUnknownOrAHash() {
        assertThat(authenticator.authenticate("alice-token ")).isEmpty();
        assertThat(authenticator.authenticate(sha("alice-token"))).isEmpty();
        assertThat(authenticator.authenticate("")).isEmpty();
    }

    @Test
    void shouldRefuseAConfiguredPlainTokenWhenAHashIsExpected() {
        assertThatThrownBy(() -> new SecurityProperties.Token("alice", Role.OWNER, "dev-owner-token", List.of()))
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
        SecurityProperties.Token unset = new SecurityProperties.Token("admin", Role.ADMIN, "", List.of());
        TokenAuthenticator dev = new TokenAuthenticator(new SecurityProperties(List.of(unset), true));

        assertThat(dev.authenticate("dev-admin-token")).contains(new Caller("dev-admin", Role.ADMIN, TeamScope.ALL));
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

    @Test
    void shouldBindAnOwnerTokenToItsTeamsAndOnlyAWildcardToEveryTeam() {
        SecurityProperties.Token own = new SecurityProperties.Token("team-search", Role.OWNER, sha("a"), List.of());
        SecurityProperties.Token two = new SecurityProperties.Token("carol", Role.OWNER, sha("b"),
                List.of(" team-cart ", "", "team-checkout"));
        SecurityProperties.Token every = new SecurityProperties.Token("ops", Role.OWNER, sha("c"), List.of("x", "*"));

        assertThat(own.scope().covers("team-search")).isTrue();
        assertThat(own.scope().covers("team-cart")).isFalse();
        assertThat(own.scope().covers("Team-Search")).isFalse();
        assertThat(two.scope().covers("team-cart")).isTrue();
        assertThat(two.scope().covers("team-checkout")).isTrue();
        assertThat(two.scope().covers("carol")).isFalse();
        assertThat(two.scope().covers("")).isFalse();
        assertThat(every.scope()).isEqualTo(TeamScope.ALL);
        assertThat(new SecurityProperties.Token("v", Role.VIEWER, sha("d"), List.of("*")).scope())
                .isEqualTo(TeamScope.NONE);
        assertThat(new SecurityProperties.Token("a", Role.ADMIN, sha("e"), List.of("only")).scope())
                .isEqualTo(TeamScope.ALL);
        assertThat(SecurityProperties.DEV_TOKENS.get(0).scope()).isEqualTo(TeamScope.ALL);
    }
}
