package dev.ep.console.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one allowlisted request to its upstream with the JDK's HTTP client: the caller's headers from a fixed list
 * only, connect and read timeouts, the answer read up to {@link ConsoleProperties#maxResponseBytes()}.
 */
final class UpstreamClient {

    /** Request headers passed to an upstream; nothing else of the caller's request is. */
    static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept", "If-Match");
    /** Answer headers passed back to the browser. */
    static final List<String> ANSWER_HEADERS = List.of("Content-Type", "ETag", "WWW-Authenticate", "Allow");

    private final ConsoleProperties settings;
    private final HttpClient http;

    UpstreamClient(ConsoleProperties settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    UpstreamAnswer send(Resolution.Forward forward, Map<String, String> headers, byte[] body) {
        URI base = settings.baseUrl(forward.upstream());
        String target = base.toString().replaceAll("/+$", "") + forward.path()
                + (forward.query() == null || forward.query().isEmpty() ? "" : "?" + forward.query());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(settings.readTimeout())
                .method(forward.method(), body == null || body.length == 0 && forward.method().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : REQUEST_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        for (Map.Entry<String, String> extra : headers.entrySet()) {
            if (extra.getKey().equals("X-Api-Key")) {
                request.header("X-Api-Key", extra.getValue());
            }
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer = readBounded(response.body(), forward.upstream());
            Map<String, String> out = new LinkedHashMap<>();
            for (String name : ANSWER_HEADERS) {
                response.headers().firstValue(name).ifPresent(v -> out.put(name, v));
            }
            return new UpstreamAnswer(response.statusCode(), out, answer);
        } catch (HttpConnectTimeoutException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, forward.upstream(),
                    forward.upstream().service() + " did not accept a connection within " + settings.connectTimeout());
        } catch (HttpTimeoutException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, forward.upstream(),
                    forward.upstream().service() + " did not answer within " + settings.readTimeout());
        } catch (ConnectException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, forward.upstream(),
                    forward.upstream().service() + " is not reachable at " + base);
        } catch (IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, forward.upstream(),
                    forward.upstream().service() + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, forward.upstream(), "interrupted");
        }
    }

    private byte[] readBounded(InputStream in, Upstream upstream) throws IOException {
        try (in) {
            long max = settings.maxResponseBytes();
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new UpstreamFailure(UpstreamFailure.Kind.RESPONSE_TOO_LARGE, upstream,
                        upstream.service() + " answered with more than " + max + " bytes");
            }
            return bytes;
        }
    }
}
