package dev.ep.console.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;

/**
 * A problem detail (RFC 9457) of the console itself, in the shape every service uses: {@code type}
 * {@code https://ep.dev/problems/<code>}, {@code title}, {@code status}, {@code detail}, {@code code}, and
 * {@code service} when an upstream is at fault.
 */
public record ProxyProblem(int status, String code, String detail, Upstream upstream) {

    public static final String TYPE_BASE = "https://ep.dev/problems/";

    public String json() {
        String kebab = code.toLowerCase(Locale.ROOT).replace('_', '-');
        String title = Character.toUpperCase(kebab.charAt(0)) + kebab.substring(1).replace('-', ' ');
        return "{\"type\":\"" + TYPE_BASE + kebab + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\",\"code\":\"" + code + "\""
                + (upstream == null ? "" : ",\"service\":\"" + upstream.service() + "\"") + "}";
    }

    ResponseEntity<byte[]> toResponse(Map<String, String> headers) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .header("Content-Type", "application/problem+json");
        headers.forEach(response::header);
        return response.body(json().getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
