package dev.ep.webedge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestChecksTest {

    @Test
    void shouldRefuseAQueryThatDoesNotDecodeToText() {
        for (String query : new String[] {"x=%ED%A0%80", "x=%ED%B0%80", "%C0%AF=1", "x=%FF", "x=%", "x=%zz", "x=%E",
                "x=%E2%82", "x=a%00b", "x=\u00ff", "=x", "a=1&=2"}) {
            assertThat(RequestChecks.queryProblem(query)).as(query).isPresent();
        }
    }

    @Test
    void shouldAcceptWellFormedQueries() {
        for (String query : new String[] {"", "x", "x=", "a=1&b=2", "owner=%F0%9F%98%80", "a+b=%20c", "x=%E2%82%AC",
                "&&", "a=1&a=2"}) {
            assertThat(RequestChecks.queryProblem(query)).as(query).isEmpty();
        }
        assertThat(RequestChecks.queryProblem(null)).isEmpty();
    }

    @Test
    void shouldRefuseMoreParametersThanAnyEndpointReads() {
        String many = "p=1&".repeat(RequestChecks.MAX_PARAMETERS + 1);

        assertThat(RequestChecks.queryProblem(many)).hasValueSatisfying(p -> assertThat(p).contains("parameters"));
        assertThat(RequestChecks.queryProblem("p=1&".repeat(RequestChecks.MAX_PARAMETERS))).isEmpty();
    }

    @Test
    void shouldRefuseUnusedMethodsWith405() {
        for (String method : new String[] {"CONNECT", "TRACE", "FOO", "get", "M-SEARCH"}) {
            assertThat(RequestChecks.refusal(method, null, "/", null, true)).as(method)
                    .map(Refusal::status).contains(405);
        }
        for (String method : RequestChecks.METHODS) {
            assertThat(RequestChecks.refusal(method, null, "/", null, true)).as(method).isEmpty();
        }
    }

    @Test
    void shouldRefuseAWildcardContentTypeWith415() {
        for (String type : new String[] {"*/*", "application/*", "*", " */* ; charset=utf-8", "*/json"}) {
            assertThat(RequestChecks.refusal("POST", null, "/", type, true)).as(type)
                    .map(Refusal::status).contains(415);
        }
        for (String type : new String[] {"application/json", "garbage", "", "text/plain; q=*"}) {
            assertThat(RequestChecks.refusal("POST", null, "/", type, true)).as(type).isEmpty();
        }
    }

    @Test
    void shouldCheckThePathOnlyWhenAsked() {
        Optional<Refusal> checked = RequestChecks.refusal("GET", null, "/v1/%ED%A0%80", null, true);

        assertThat(checked).map(Refusal::kind).contains(Refusal.Kind.MALFORMED_PATH);
        assertThat(RequestChecks.refusal("GET", null, "/v1/%ED%A0%80", null, false)).isEmpty();
        assertThat(RequestChecks.refusal("GET", null, "/v1/%E2%82%AC", null, true)).isEmpty();
    }

    @Test
    void shouldNameTheQueryBeforeThePath() {
        assertThat(RequestChecks.refusal("GET", "x=%FF", "/%FF", null, true)).map(Refusal::kind)
                .contains(Refusal.Kind.MALFORMED_QUERY);
    }
}
