package dev.ep.ingest.security;

import dev.ep.access.TokenHashes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class AccessPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AccessProperties.class)
    static class Bind {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bind.class);

    @Test
    void shouldRefuseToStartNamingTheSettingsWhenNoCredentialIsConfiguredAndTheDevSwitchIsOff() {
        // when: nothing set, or the shipped application.yml's empty defaults
        for (String[] properties : List.of(new String[0], new String[] {"ep.ingest.security.viewer-token-hashes=",
                "ep.ingest.security.api-key-hashes=", "ep.ingest.security.dev-tokens=false"})) {
            runner.withPropertyValues(properties).run(context -> {
                // then
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("EP_INGEST_VIEWER_TOKEN_HASHES")
                        .hasMessageContaining("EP_INGEST_API_KEY_HASHES").hasMessageContaining("EP_INGEST_DEV_TOKENS=true");
            });
        }
    }

    @Test
    void shouldStartWhenOnlyTheDevSwitchOrOnlyOneKindOfHashIsConfigured() {
        runner.withPropertyValues("ep.ingest.security.dev-tokens=true").run(c -> assertThat(c).hasNotFailed());
        runner.withPropertyValues("ep.ingest.security.viewer-token-hashes=" + TokenHashes.hash("t"))
                .run(c -> assertThat(c).hasNotFailed());
        runner.withPropertyValues("ep.ingest.security.api-key-hashes=" + TokenHashes.hash("k").toUpperCase())
                .run(c -> assertThat(c).hasNotFailed());
    }

    @Test
    void shouldRefuseAHashThatIsNotTheHexSha256OfASecret() {
        assertThatThrownBy(() -> new AccessProperties(List.of("dev-viewer-token"), List.of(), false))
                .hasMessageContaining("viewer-token-hashes");
        assertThatThrownBy(() -> new AccessProperties(List.of(), List.of("abc"), false))
                .hasMessageContaining("api-key-hashes");
    }

    @Test
    void shouldAcceptTheDevViewerTokenOnlyWhenTheDevSwitchIsOn() {
        // given
        Credentials dev = new Credentials(new AccessProperties(List.of(), List.of(), true));
        Credentials configured = new Credentials(new AccessProperties(List.of(TokenHashes.hash("viewer-secret")),
                List.of(TokenHashes.hash("store-key")), false));

        // then
        assertThat(dev.acceptsToken(AccessProperties.DEV_VIEWER_TOKEN)).isTrue();
        assertThat(dev.acceptsToken("dev-owner-token")).isTrue();
        assertThat(dev.acceptsToken("dev-admin-token")).isTrue();
        assertThat(dev.acceptsToken("dev-other-token")).isFalse();
        assertThat(dev.acceptsApiKey(AccessProperties.DEV_VIEWER_TOKEN)).isFalse();
        assertThat(configured.acceptsToken(AccessProperties.DEV_VIEWER_TOKEN)).isFalse();
        assertThat(configured.acceptsToken("viewer-secret")).isTrue();
        assertThat(configured.acceptsApiKey("store-key")).isTrue();
        assertThat(configured.acceptsToken("store-key")).isFalse();
        assertThat(configured.acceptsApiKey("viewer-secret")).isFalse();
        assertThat(configured.acceptsToken(null)).isFalse();
    }

    @Test
    void shouldHashTheWayConfigServiceDoesSoItsViewerTokenWorksHere() {
        // the dev viewer token's hash in config-service's application.yml (printf '%s' dev-viewer-token | sha256sum)
        assertThat(TokenHashes.hash(AccessProperties.DEV_VIEWER_TOKEN))
                .isEqualTo("ce2bc80df24ceeb9021f86ebb9b2ad727af4f9fabb308232bd168b16f1de2526");
    }
}
