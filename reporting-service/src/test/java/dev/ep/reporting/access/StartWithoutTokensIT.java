package dev.ep.reporting.access;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ep.reporting.ReportingInstance;
import dev.ep.reporting.ReportingServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The real application refuses to start, naming the settings, when no token would be accepted. */
class StartWithoutTokensIT {

    @Test
    void shouldRefuseToStartWhenNoTokenHashIsConfiguredAndDevTokensAreOff() {
        // given: everything else of a working instance on the test platform (database, broker, registry)
        Map<String, Object> settings = new LinkedHashMap<>(ReportingInstance.properties(
                ReportingInstance.Deployment.unique(), Path.of(System.getProperty("java.io.tmpdir"), "ep-no-tokens")));
        settings.put("ep.reporting.security.token-hashes", "");
        settings.put("ep.reporting.security.dev-tokens", "false");
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);

        // then
        assertThatThrownBy(() -> new SpringApplicationBuilder(ReportingServiceApplication.class).run(args).close())
                .rootCause()
                .hasMessageContaining("EP_REPORTING_TOKEN_HASHES")
                .hasMessageContaining("EP_REPORTING_DEV_TOKENS=true");
    }
}
