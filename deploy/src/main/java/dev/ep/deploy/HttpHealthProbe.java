package dev.ep.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** Spring Boot Actuator's health endpoint answering 200 with {@code "status":"UP"}. */
final class HttpHealthProbe implements HealthProbe {

    private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");

    private final HttpClient client;
    private final URI uri;

    HttpHealthProbe(HttpClient client, URI uri) {
        this.client = client;
        this.uri = uri;
    }

    static boolean isUp(int status, String body) {
        return status == 200 && UP.matcher(body).find();
    }

    @Override
    public boolean isHealthy() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return isUp(response.statusCode(), response.body());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
