package dev.ep.assignment.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApiKeyFilterTest {

    private static final String KEY = "storefront-key-1";
    private final ApiKeyFilter filter = new ApiKeyFilter(List.of(ApiKeyFilter.hash(KEY).toUpperCase()));

    @Test
    void shouldLetTheCallThroughWhenTheKeyMatchesOneOfTheConfiguredHashes() throws Exception {
        MockFilterChain chain = new MockFilterChain();

        MockHttpServletResponse response = call("/v1/assign", KEY, chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void shouldAnswer401ProblemWithoutCallingTheServiceWhenTheKeyIsMissingOrWrong() throws Exception {
        for (String key : new String[] {null, "", "storefront-key-2", KEY + " "}) {
            MockFilterChain chain = new MockFilterChain();

            MockHttpServletResponse response = call("/v1/events", key, chain);

            assertThat(chain.getRequest()).as("key %s", key).isNull();
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            JsonNode problem = JsonMapper.builder().build().readTree(response.getContentAsString());
            assertThat(problem.get("code").asString()).isEqualTo("API_KEY_REQUIRED");
            assertThat(problem.get("type").asString()).isEqualTo("/problems/api-key-required");
        }
    }

    @Test
    void shouldLeaveActuatorAndTheOpenApiDocumentOpenWhenAKeyIsRequired() throws Exception {
        for (String path : new String[] {"/actuator/health/readiness", "/v3/api-docs"}) {
            MockFilterChain chain = new MockFilterChain();

            call(path, null, chain);

            assertThat(chain.getRequest()).as(path).isNotNull();
        }
    }

    @Test
    void shouldRequireNoKeyWhenNoHashIsConfigured() throws Exception {
        MockFilterChain chain = new MockFilterChain();

        new ApiKeyFilter(List.of()).doFilter(request("/v1/assign", null), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    private MockHttpServletResponse call(String path, String key, MockFilterChain chain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request(path, key), response, chain);
        return response;
    }

    private static MockHttpServletRequest request(String path, String key) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        if (key != null) {
            request.addHeader(ApiKeyFilter.HEADER, key);
        }
        return request;
    }
}
