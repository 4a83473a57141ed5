package dev.ep.reporting.access;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.reporting.ReportingServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The real application refuses to start, naming the settings, when no token would be accepted. */
class StartWithoutTokensIT {

    @Test
    void shouldRefuseToStartWhenNoTokenHashIsConfiguredAndDevTokensAreOff() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ReportingServiceApplication.class)
                .properties("server.port=0", "ep.reporting.security.token-hashes=",
                        "ep.reporting.security.dev-tokens=false")
                .run().close())
                .rootCause()
                .hasMessageContaining("EP_REPORTING_TOKEN_HASHES")
                .hasMessageContaining("EP_REPORTING_DEV_TOKENS=true");
    }
}
