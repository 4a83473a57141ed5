package dev.ep.reporting.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.access.DevTokens;
import dev.ep.access.TokenHashes;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPropertiesTest {

    @Test
    void shouldRefuseToStartNamingTheSettingsWhenNoTokenIsConfiguredAndDevTokensAreOff() {
        assertThatThrownBy(() -> new AccessProperties(List.of("", " "), false).accepted())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EP_REPORTING_TOKEN_HASHES")
                .hasMessageContaining("EP_REPORTING_DEV_TOKENS=true");
    }

    @Test
    void shouldAcceptTheDevTokensOnlyWhenTheSwitchIsOn() {
        TokenHashes configured = new AccessProperties(List.of(TokenHashes.hash("ops-token")), false).accepted();
        assertThat(configured.accepts("ops-token")).isTrue();
        assertThat(configured.accepts(DevTokens.VIEWER)).isFalse();
        assertThat(new AccessProperties(null, true).accepted().accepts(DevTokens.VIEWER)).isTrue();
    }

    @Test
    void shouldRefuseATokenConfiguredInPlaceOfItsHash() {
        assertThatThrownBy(() -> new AccessProperties(List.of("plain-token"), false).accepted())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EP_REPORTING_TOKEN_HASHES");
    }
}
