package dev.ep.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicCredentialsTest {

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldSplitAtTheFirstColonWhenHeaderIsBasic() {
        assertThat(BasicCredentials.fromHeader(basic("alice:pa:ss ü")))
                .contains(new BasicCredentials("alice", "pa:ss ü"));
        assertThat(BasicCredentials.fromHeader("  basic " + basic("bob:").substring(6)))
                .contains(new BasicCredentials("bob", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic", "Basic ", "Bearer YWxpY2U6cHc=", "Basic %%%", "Basic YWxpY2U=",
            "Basic OnB3", "Basic /+0=", "Digest username=\"alice\""})
    void shouldGiveNoCredentialsWhenHeaderIsNotUsableBasicAuth(String header) {
        assertThat(BasicCredentials.fromHeader(header)).isEmpty();
    }

    @Test
    void shouldGiveNoCredentialsWhenHeaderIsMissingOrHuge() {
        assertThat(BasicCredentials.fromHeader(null)).isEmpty();
        assertThat(BasicCredentials.fromHeader(basic("alice:" + "x".repeat(10_000)))).isEmpty();
    }

    @Test
    void shouldNotShowThePasswordWhenPrinted() {
        assertThat(new BasicCredentials("alice", "secret").toString()).doesNotContain("secret");
    }
}
