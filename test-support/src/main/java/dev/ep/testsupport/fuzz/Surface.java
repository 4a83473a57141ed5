package dev.ep.testsupport.fuzz;

import dev.ep.testsupport.http.Header;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a service offers to a client, as the fuzzer needs it: its endpoints, typical values for path placeholders and
 * query parameters (known ids, so that well-formed calls reach existing resources), and the credentials that get
 * past its authentication (each a set of header lines). Requests go out with a random one of the credentials, or
 * with none, or with broken ones, so the handlers behind authentication are reached as well as the refusal.
 */
public record Surface(String service, List<Endpoint> endpoints, Map<String, List<String>> values,
        List<List<Header>> credentials) {

    public Surface {
        Objects.requireNonNull(service, "service");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a surface needs at least one endpoint");
        }
        endpoints = List.copyOf(endpoints);
        values = Map.copyOf(values);
        credentials = credentials.stream().map(List::copyOf).toList();
    }

    public static Builder builder(String service) {
        return new Builder(service);
    }

    /** Typical values of a placeholder or query parameter ({@code "x"} when the surface names none). */
    public List<String> valuesOf(String name) {
        return values.getOrDefault(name, List.of("x"));
    }

    /** Collects a surface. */
    public static final class Builder {

        private final String service;
        private final List<Endpoint> endpoints = new ArrayList<>();
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private final List<List<Header>> credentials = new ArrayList<>();

        private Builder(String service) {
            this.service = service;
        }

        public Builder endpoint(Endpoint endpoint) {
            endpoints.add(endpoint);
            return this;
        }

        /** {@code GET path} reading the named query parameters. */
        public Builder get(String path, String... parameters) {
            return endpoint(Endpoint.of("GET", path, parameters));
        }

        /** {@code method path} with a typical JSON body (null for none). */
        public Builder json(String method, String path, String body) {
            Endpoint endpoint = Endpoint.of(method, path);
            return endpoint(body == null ? endpoint : endpoint.withJson(body));
        }

        /** Typical values of a placeholder ({@code {name}} in a path) or query parameter {@code name}. */
        public Builder values(String name, String... typical) {
            values.put(name, List.of(typical));
            return this;
        }

        /** One way to authenticate, as header lines ("Authorization: Bearer ..."). */
        public Builder credential(String... headerLines) {
            credentials.add(java.util.Arrays.stream(headerLines).map(Header::parse).toList());
            return this;
        }

        public Surface build() {
            return new Surface(service, endpoints, values, credentials);
        }
    }
}
