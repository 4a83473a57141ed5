package dev.ep.assignment.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The settings added for issue 8 as Spring binds them at start: the reporting currency and the exposure-token key and
 * lifetime get defaults, and a bad value stops the start with a message naming the setting (never the secret).
 */
class AssignmentSettingsTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA=="; // 35 bytes

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AssignmentProperties.class)
    static class Settings {
    }

    @Test
    void shouldDefaultToEuroAndADayLongGeneratedTokenKeyWhenNothingIsSet() {
        runner.run(context -> {
            AssignmentProperties properties = context.getBean(AssignmentProperties.class);
            assertThat(properties.reportingCurrency()).isEqualTo("EUR");
            assertThat(properties.exposureToken().ttl()).isEqualTo(Duration.ofHours(24));
            assertThat(properties.exposureToken().key()).isNull();
            assertThat(properties.exposureToken().previousKey()).isNull();
        });
    }

    @Test
    void shouldBindTheCurrencyAndTheTokenSettingsWhenTheyAreValid() {
        runner.withPropertyValues("ep.assignment.reporting-currency=USD",
                "ep.assignment.exposure-token.secret=" + SECRET,
                "ep.assignment.exposure-token.previous-secret=" + SECRET.replace("c2Vj", "a2Vj"),
                "ep.assignment.exposure-token.ttl=2h").run(context -> {
                    AssignmentProperties properties = context.getBean(AssignmentProperties.class);
                    assertThat(properties.reportingCurrency()).isEqualTo("USD");
                    assertThat(properties.exposureToken().key()).isNotNull();
                    assertThat(properties.exposureToken().previousKey()).isNotNull()
                            .isNotEqualTo(properties.exposureToken().key());
                    assertThat(properties.exposureToken().ttl()).isEqualTo(Duration.ofHours(2));
                    assertThat(properties.exposureToken().toString()).doesNotContain(SECRET);
                });
    }

    @Test
    void shouldRefuseToStartWhenTheReportingCurrencyIsNotIso4217() {
        for (String bad : new String[] {"XYZ", "eur", "EURO", "E1R"}) {
            runner.withPropertyValues("ep.assignment.reporting-currency=" + bad).run(context -> {
                assertThat(context).hasFailed();
                assertThat(rootMessage(context.getStartupFailure())).contains("EP_REPORTING_CURRENCY", bad,
                        "ISO 4217");
            });
        }
    }

    @Test
    void shouldRefuseToStartWhenTheTokenSecretIsTooShortOrTheLifetimeOutOfBounds() {
        runner.withPropertyValues("ep.assignment.exposure-token.secret=c2hvcnQ=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("EP_EXPOSURE_TOKEN_SECRET", "at least 32")
                    .doesNotContain("c2hvcnQ=");
        });
        runner.withPropertyValues("ep.assignment.exposure-token.ttl=8d").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("EP_EXPOSURE_TOKEN_TTL");
        });
        runner.withPropertyValues("ep.assignment.exposure-token.ttl=10s").run(context ->
                assertThat(context).hasFailed());
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
