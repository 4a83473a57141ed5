package dev.ep.console.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/**}: resolves the request against the allowlist ({@link ProxyRoutes}) and forwards it to its
 * upstream with the caller's bearer token; the upstream's answer (problem details included) goes back unchanged.
 */
@RestController
class ProxyController {

    private final ProxyRoutes routes;
    private final UpstreamClient client;
    private final ConsoleProperties settings;

    ProxyController(ConsoleProperties settings) {
        this.routes = ProxyRoutes.standard();
        this.client = new UpstreamClient(settings);
        this.settings = settings;
    }

    @RequestMapping("/api/**")
    ResponseEntity<byte[]> forward(HttpServletRequest request) throws IOException {
        Resolution resolution = routes.resolve(request.getMethod(), request.getRequestURI(), request.getQueryString());
        if (resolution instanceof Resolution.Refused refused) {
            ProxyProblem problem = new ProxyProblem(refused.status(), refused.code(), refused.detail(), null);
            if (refused.status() == 405) {
                return problem.toResponse(Map.of("Allow", String.join(", ",
                        routes.allowedMethods(request.getRequestURI()))));
            }
            return problem.toResponse(Map.of());
        }
        Resolution.Forward forward = (Resolution.Forward) resolution;
        byte[] body = request.getInputStream().readAllBytes(); // bounded by the BodyLimitFilter
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : UpstreamClient.REQUEST_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (forward.verifiedCaller()) {
            UpstreamAnswer me = client.send(new Resolution.Forward(Upstream.CONFIG, "GET", "/v1/me", null, false),
                    Map.of("Authorization", headers.getOrDefault("Authorization", ""), "Accept",
                            "application/json"), new byte[0]);
            if (me.status() != HttpStatus.OK.value()) {
                return answer(me); // config-service's 401 problem: no valid token, no key
            }
            if (!settings.assignmentApiKey().isEmpty()) {
                headers.put("X-Api-Key", settings.assignmentApiKey());
            }
        }
        return answer(client.send(forward, headers, body));
    }

    private static ResponseEntity<byte[]> answer(UpstreamAnswer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        answer.headers().forEach(response::header);
        response.header("Cache-Control", "no-store");
        return response.body(answer.body());
    }
}
