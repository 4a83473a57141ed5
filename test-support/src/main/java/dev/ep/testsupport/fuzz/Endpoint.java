package dev.ep.testsupport.fuzz;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint of a service as a well-formed call looks: the method, a path template whose {@code {name}}
 * placeholders take values from the {@link Surface}, the query parameters it reads, and a typical body (JSON text,
 * or null for none) sent with {@code contentType}. The fuzzer starts from such a call and then breaks it, so that the
 * hostile part reaches every layer behind the endpoint.
 */
public record Endpoint(String method, String path, List<String> parameters, String body, String contentType) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}/]+)}");

    public Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        parameters = List.copyOf(parameters);
        if (body != null) {
            Objects.requireNonNull(contentType, "contentType of a body");
        }
    }

    /** A call without a body, reading the named query parameters. */
    public static Endpoint of(String method, String path, String... parameters) {
        return new Endpoint(method, path, List.of(parameters), null, null);
    }

    /** The same call with a typical JSON body. */
    public Endpoint withJson(String json) {
        return new Endpoint(method, path, parameters, json, "application/json");
    }

    /** The same call with a typical body of another content type. */
    public Endpoint withBody(String text, String type) {
        return new Endpoint(method, path, parameters, text, type);
    }

    /** The placeholder names of the path template, in order. */
    public List<String> placeholders() {
        Matcher matcher = PLACEHOLDER.matcher(path);
        return matcher.results().map(result -> result.group(1)).toList();
    }
}
