package dev.ep.webedge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpstreamFaultsTest {

    private static IllegalStateException thrownBy(String className, String message) {
        IllegalStateException e = new IllegalStateException(message);
        e.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.springframework.util.Assert", "state", "Assert.java", 80),
                new StackTraceElement(className, "getContributor", "X.java", 117)});
        return e;
    }

    @Test
    void shouldRecogniseTheHealthEndpointsAssertionOnAnUnknownNestedPath() {
        assertThat(UpstreamFaults.isUnknownHealthPath(thrownBy(
                "org.springframework.boot.health.actuate.endpoint.HealthEndpointSupport",
                "'contributor' must not be null"))).isTrue();
    }

    @Test
    void shouldRecogniseTheHealthPathAssertionOnASegmentHoldingAnEncodedSlash() {
        IllegalArgumentException e = new IllegalArgumentException("'value' must contain only one segment.");
        e.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.springframework.util.Assert", "isTrue", "Assert.java", 117),
                new StackTraceElement("org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath",
                        "validateValue", "AdditionalHealthEndpointPath.java", 132)});
        assertThat(UpstreamFaults.isUnknownHealthPath(e)).isTrue();

        IllegalArgumentException elsewhere = new IllegalArgumentException("'value' must contain only one segment.");
        elsewhere.setStackTrace(new StackTraceElement[] {new StackTraceElement("dev.ep.Mine", "m", "M.java", 1)});
        assertThat(UpstreamFaults.isUnknownHealthPath(elsewhere)).isFalse();
    }

    @Test
    void shouldLeaveEveryOtherFailureAServerFault() {
        assertThat(UpstreamFaults.isUnknownHealthPath(thrownBy("dev.ep.Mine", "'contributor' must not be null")))
                .isFalse();
        assertThat(UpstreamFaults.isUnknownHealthPath(thrownBy(
                "org.springframework.boot.health.actuate.endpoint.HealthEndpointSupport", "other"))).isFalse();
        assertThat(UpstreamFaults.isUnknownHealthPath(new IllegalArgumentException("'contributor' must not be null")))
                .isFalse();
    }
}
