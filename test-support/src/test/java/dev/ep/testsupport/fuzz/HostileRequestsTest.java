package dev.ep.testsupport.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.testsupport.http.RawRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostileRequestsTest {

    private static final Surface SURFACE = Surface.builder("example")
            .credential("Authorization: Bearer good-token")
            .credential("X-Api-Key: good-key")
            .values("id", "a-1", "b-2")
            .values("status", "RUNNING")
            .get("/v1/things", "status")
            .get("/v1/things/{id}")
            .json("POST", "/v1/things", "{\"id\": \"a-1\", \"count\": 3, \"tags\": [\"x\", true, null]}")
            .json("DELETE", "/v1/things/{id}", null)
            .build();

    @Test
    void shouldGiveTheSameBytesForTheSameSeedAndIndex() {
        HostileRequests one = new HostileRequests(SURFACE);
        HostileRequests other = new HostileRequests(SURFACE);

        for (int index = 0; index < 500; index++) {
            assertThat(one.request(7, index).bytes()).isEqualTo(other.request(7, index).bytes());
        }
        assertThat(one.request(7, 3).bytes()).isNotEqualTo(one.request(8, 3).bytes());
    }

    @Test
    void shouldCoverEveryKindOfHostileInputWithinAFewThousandRequests() {
        // given
        HostileRequests requests = new HostileRequests(SURFACE);
        Set<String> methods = new HashSet<>();
        List<String> texts = new ArrayList<>();

        // when
        for (int index = 0; index < 5_000; index++) {
            RawRequest request = requests.request(1, index);
            methods.add(request.method());
            texts.add(new String(request.bytes(), StandardCharsets.ISO_8859_1));
        }

        // then
        assertThat(methods).contains("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO");
        for (String marker : new String[] {"%ED%A0%80", "%C0%AF", "%FF", "%2F", "%2e%2e", ";x", "//", "1e400",
                "99999999999999999999999", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                "Transfer-Encoding: chunked", "Content-Type: text/plain", "Authorization: Bearer good-token",
                "X-Api-Key: good-key", "Authorization: Basic %%%", "status=RUNNING&status=", "\u00ff"}) {
            assertThat(texts).as(marker).anyMatch(text -> text.contains(marker));
        }
        assertThat(texts).as("requests without credentials").anyMatch(text -> !text.contains("good-"));
        assertThat(texts).as("a long path").anyMatch(text -> text.indexOf(" HTTP/1.1") > 10_000);
        assertThat(texts).as("a long header").anyMatch(text -> text.contains("v".repeat(9_000)));
    }

    @Test
    void shouldBuildEveryRequestOfManySeedsWithoutFailing() {
        HostileRequests requests = new HostileRequests(SURFACE);

        for (long seed = 2; seed < 5; seed++) {
            for (int index = 0; index < 2_000; index++) {
                assertThat(requests.request(seed, index).bytes()).isNotEmpty();
            }
        }
    }

    @Test
    void shouldFindTheScalarValuesOfAJsonBody() {
        String json = "{\"id\": \"a-1\", \"count\": 3, \"tags\": [\"x\", true, null], \"n\": -1.5e3}";

        List<String> scalars = Bodies.scalars(json).stream().map(at -> json.substring(at[0], at[1])).toList();

        assertThat(scalars).containsExactly("\"a-1\"", "3", "\"x\"", "true", "null", "-1.5e3");
    }
}
