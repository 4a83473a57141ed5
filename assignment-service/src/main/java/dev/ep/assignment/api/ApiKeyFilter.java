package dev.ep.assignment.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Optional storefront API key: when hashes are configured ({@code ep.assignment.api-key-hashes}, SHA-256 hex of each
 * accepted key, so the keys themselves are never stored), every {@code /v1/**} request needs an {@code X-Api-Key}
 * whose hash matches (constant-time comparison); otherwise 401. Actuator and the OpenAPI document stay open.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Api-Key";

    private final List<byte[]> hashes;

    public ApiKeyFilter(List<String> hexHashes) {
        this.hashes = hexHashes.stream().map(h -> HexFormat.of().parseHex(h.toLowerCase())).toList();
    }

    /** The hash to configure for a key. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return hashes.isEmpty() || !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key != null) {
            byte[] hash = sha256(key);
            boolean ok = false;
            for (byte[] accepted : hashes) {
                ok |= MessageDigest.isEqual(hash, accepted);
            }
            if (ok) {
                chain.doFilter(request, response);
                return;
            }
        }
        response.setStatus(ErrorCode.API_KEY_REQUIRED.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(Problems.json(ErrorCode.API_KEY_REQUIRED,
                key == null ? "send the storefront's key in " + HEADER : "the " + HEADER + " is not accepted"));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
