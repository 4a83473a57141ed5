package dev.ep.config.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetFilterTest {

    @Test
    void shouldFindAProblemWhenThePercentEncodingIsBrokenOrNotUtf8() {
        for (String raw : new String[] {"x=%ED%A0%80", "x=%zz", "x=%E", "x=%", "%C0%AF=1", "x=%FF", "x=%F0%9F%98",
                "a=%ED%B0%80"}) {
            assertThat(RequestTargetFilter.problem("query string", raw)).as(raw).isPresent();
        }
    }

    @Test
    void shouldFindNoProblemWhenTheTargetIsWellFormedUtf8() {
        for (String raw : new String[] {"", "x=1", "owner=team%20a&status=draft", "x=%E2%82%AC", "x=%F0%9F%98%80",
                "x=a+b", "/v1/layers/checkout"}) {
            assertThat(RequestTargetFilter.problem("query string", raw)).as(raw).isEmpty();
        }
        assertThat(RequestTargetFilter.problem("path", null)).isEmpty();
    }
}
