package dev.ep.simulator.match;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** {@code GET /v1/experiments/{id}/results} of reporting-service, with a bearer token; returns the body. */
public final class ResultsClient {

    private static final int MAX_ERROR_BODY = 500;

    private final URI baseUri;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param baseUri reporting-service, e.g. {@code http://127.0.0.1:8084}
     * @param token   a token it accepts (the local platform's {@code dev-viewer-token})
     */
    public ResultsClient(URI baseUri, String token, Duration timeout) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The current phase's results. */
    public String results(String experimentId) {
        return results(experimentId, null);
    }

    /**
     * @param phase the phase ({@code ?phase=}), null for the current one
     * @throws IllegalStateException when the answer is not 200 (with its status and the start of its body)
     */
    public String results(String experimentId, Integer phase) {
        String path = "/v1/experiments/" + URLEncoder.encode(experimentId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/results" + (phase == null ? "" : "?phase=" + phase);
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .timeout(timeout)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                String body = response.body();
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + (body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) + "…" : body));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }
}
