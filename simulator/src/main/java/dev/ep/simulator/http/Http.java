package dev.ep.simulator.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP/1.1 client with keep-alive (java.net.http pools connections per host), JSON in and out, and the timing
 * of each call from the moment it is sent to the whole answer read.
 */
public final class Http {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final Duration timeout;

    public Http(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "sim-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    /** An answer: status (0 when none came), body (null then), latency, and the failure's text. */
    public record Reply(int status, String body, long latencyMicros, String error) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        }
    }

    public Reply send(String method, URI uri, Object body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                b.header(headers[i], headers[i + 1]);
            }
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), (System.nanoTime() - started) / 1000, null);
        } catch (IOException e) {
            return new Reply(0, null, (System.nanoTime() - started) / 1000, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, (System.nanoTime() - started) / 1000, "interrupted");
        }
    }
}
