package dev.ep.registry.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "deleted=true", "subjectPrefix=a+b%20c", "x=%C3%BC&y=%F0%9F%98%80", "a&&b=&c=",
            "verbose=TRUE&verbose=false", "x=%7e%7E"})
    void shouldAcceptQueryWhenItDecodesToText(String query) {
        assertThat(QueryStrings.problem(query)).isNull();
        assertThat(QueryStrings.problem(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x=%ED%A0%80", "%ED%A0%80=1", "deleted=%ED%B0%80", "x=%FF", "x=%C0%80", "x=%C3",
            "x=%C3&y=%BC", "x=%", "x=%4", "x=%zz", "x=%%41", "x=%00", "x=a%00b", "x=\u00fc", "x=\u20ac", "=1",
            "deleted=true&=1e99", "=", "a=1&=b"})
    void shouldNameTheProblemWhenQueryDoesNotDecodeToText(String query) {
        assertThat(QueryStrings.problem(query)).isNotBlank();
    }

    @Test
    void shouldRefuseQueryWhenItHasMoreParametersThanAnyEndpointCouldTake() {
        assertThat(QueryStrings.problem("x=1&".repeat(QueryStrings.MAX_PARAMETERS))).isNull();
        assertThat(QueryStrings.problem("x=1&".repeat(QueryStrings.MAX_PARAMETERS + 1))).contains("parameters");
    }
}
