package dev.ep.console.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyRoutesTest {

    private final ProxyRoutes routes = ProxyRoutes.standard();

    @Test
    void shouldForwardAnAllowlistedOperationToItsUpstreamPath() {
        Resolution r = routes.resolve("POST", "/api/config/v1/experiments/checkout-button/ramp", "dryRun=true");

        assertThat(r).isEqualTo(new Resolution.Forward(Upstream.CONFIG, "POST", "/v1/experiments/checkout-button/ramp",
                "dryRun=true", false));
    }

    @Test
    void shouldForwardResultsToReportingAndExplainWithTheCallerVerified() {
        assertThat(routes.resolve("GET", "/api/reporting/v1/experiments/a-1/results/timeseries", "metric=conversion"))
                .isEqualTo(new Resolution.Forward(Upstream.REPORTING, "GET", "/v1/experiments/a-1/results/timeseries",
                        "metric=conversion", false));
        assertThat(routes.resolve("GET", "/api/assignment/v1/explain", "sessionId=s-1&page=cart"))
                .isEqualTo(new Resolution.Forward(Upstream.ASSIGNMENT, "GET", "/v1/explain",
                        "sessionId=s-1&page=cart", true));
    }

    @Test
    void shouldAcceptEveryUnitIdCharacterExceptTheSlashInATimelinePath() {
        assertThat(routes.resolve("GET", "/api/ingest/v1/sessions/a.b_c:d@e~f+g=h-1/timeline", null))
                .isInstanceOf(Resolution.Forward.class);
        assertThat(routes.resolve("GET", "/api/ingest/v1/sessions/" + "s".repeat(129) + "/timeline", null))
                .isEqualTo(notFound());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/config/v1/experiments/../layers",
        "/api/config/v1/experiments/./x",
        "/api/config/v1/experiments/%2e%2e/x",
        "/api/config/v1/experiments/a%2Fb",
        "/api/config/v1/experiments/a%2fb/history",
        "/api/config//v1/experiments",
        "/api/config/v1/experiments/x;jsessionid=1",
        "/api/config/v1/experiments/x\\y",
        "/api/config/v1/experiments/%C0%AF",
        "/api/config/v1/experiments/%ED%A0%80",
        "/api/config/v1/experiments/caf\u00e9",
        "/api/config/v1/experiments/a b",
        "/api/config/v1/me/",
        "/api/",
        "/api/http://evil.example/v1/me",
    })
    void shouldRefuseHostilePathsWithA400(String path) {
        Resolution r = routes.resolve("GET", path, null);

        assertThat(r).isInstanceOfSatisfying(Resolution.Refused.class, x -> assertThat(x.status()).isEqualTo(400));
    }

    @Test
    void shouldRefuseAnOverlongPathOrQuery() {
        assertThat(routes.resolve("GET", "/api/config/v1/experiments/" + "a".repeat(ProxyRoutes.MAX_PATH), null))
                .isInstanceOfSatisfying(Resolution.Refused.class, x -> assertThat(x.status()).isEqualTo(400));
        assertThat(routes.resolve("GET", "/api/config/v1/experiments", "q=" + "a".repeat(ProxyRoutes.MAX_QUERY)))
                .isInstanceOfSatisfying(Resolution.Refused.class, x -> assertThat(x.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/config/v1/experiments/UPPER",
        "/api/config/v1/experiments/-x",
        "/api/config/v1/experiments/x/history/more",
        "/api/config/v1/relay/parked",
        "/api/config/actuator/health",
        "/api/config/v3/api-docs",
        "/api/reporting/v1/experiments/x/reconciliation",
        "/api/assignment/v1/assign",
        "/api/assignment/v1/events",
        "/api/elsewhere/v1/me",
        "/api/http:evil.example/v1/me",
        "/apix/config/v1/me",
    })
    void shouldNotForwardAnythingOutsideTheAllowlist(String path) {
        assertThat(routes.resolve("GET", path, null)).isEqualTo(notFound());
    }

    @Test
    void shouldAnswer405WithTheAllowedMethodsForAKnownPath() {
        Resolution r = routes.resolve("DELETE", "/api/config/v1/experiments/x", null);

        assertThat(r).isInstanceOfSatisfying(Resolution.Refused.class, x -> assertThat(x.status()).isEqualTo(405));
        assertThat(routes.allowedMethods("/api/config/v1/experiments/x")).containsExactly("GET", "PUT");
        assertThat(routes.resolve("GET", "/api/config/v1/experiments/x/pause", null))
                .isInstanceOfSatisfying(Resolution.Refused.class, x -> assertThat(x.status()).isEqualTo(405));
    }

    private static Resolution notFound() {
        return new Resolution.Refused(404, "NOT_FOUND", "the console does not forward this path (see the allowlist "
                + "in console/README.md)");
    }
}
