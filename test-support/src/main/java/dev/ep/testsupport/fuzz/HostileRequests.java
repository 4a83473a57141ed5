package dev.ep.testsupport.fuzz;

import dev.ep.testsupport.http.Header;
import dev.ep.testsupport.http.RawRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * Hostile HTTP requests against one {@link Surface}, each a pure function of (seed, index): request {@code i} of seed
 * {@code s} is the same bytes on every run and every machine, so a failure is replayed from those two numbers alone.
 *
 * <p>Each request starts as a well-formed call of a random endpoint (typical ids, typical query values, a typical
 * body, valid credentials three times out of four) and then takes zero to four mutations, so that the hostile part
 * reaches every layer: the connector, the filters, authentication, handler mapping, argument conversion, body
 * parsing, validation and the store. The mutations: any method token; malformed UTF-8 and lone surrogates
 * percent-encoded in path and query ({@code %ED%A0%80}, {@code %C0%AF}, {@code %FF}), raw invalid bytes, encoded
 * slashes and dots, matrix parameters, double slashes, long paths; hostile, duplicate, nameless and excess query
 * parameters; random-byte, truncated, deeply nested (thousands of levels) and huge-number bodies and hostile JSON
 * values; wrong, missing and malformed content types and accepts; missing, wrong and malformed credentials; long,
 * many and raw-byte headers; chunked bodies, broken chunking and bogus {@code Content-Length}.
 */
public final class HostileRequests {

    static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
            "FOO", "get", "M-SEARCH", "PROPFIND"};
    static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/xml",
            "application/octet-stream", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
            "multipart/form-data", "application/json; charset=utf-16", "application/json; charset=nope",
            "application/json; charset=ISO-8859-1", "garbage", "*/*", "application/*", "", "application/json;;;",
            "application/json; charset=\"utf-8", "text/html", "application/problem+json",
            "application/vnd.schemaregistry.v1+json", "application/json, text/plain", "app\u00e9/json"};
    static final String[] ACCEPTS = {"application/json", "*/*", "text/html", "application/xml", "garbage;q=x", "",
            "text/event-stream", "application/problem+json", "*/*;q=abc", "application/json;q=0", "image/png",
            "application/vnd.schemaregistry.v1+json", "text/plain", "application/*, text/html;q=0.1"};
    static final String[] SEGMENTS = {"%ED%A0%80", "%ED%B0%80", "%C0%AF", "%C0%80", "%FF", "%FF%FE", "%E2%82",
            "%F4%90%80%80", "%EF%BF%BF", "%F0%9F%98%80", "%C3%A9", "%2F", "a%2Fb", "%2e%2e", "%2E", "..", ".",
            "a%00b", "%00", "%", "%zz", "%5C", "\\", "%20", "+", "a;b=c", ";x", "%3B", "%25", "%25ED%25A0%2580",
            "%u0041", "\u00c0\u00af", "\u00ff", "\u0080", "\t", "\u007f", "a:b", "a|b", "{x}", "*", "~", "-1", "0",
            "99999999999999999999999", "1e400"};
    static final String[] QUERY_VALUES = {"%ED%A0%80", "%ED%B0%80", "%C0%AF", "%FF", "%", "%zz", "%00", "%E2%82",
            "abc", "", "-1", "0", "1e400", "-1e400", "99999999999999999999999", "NaN", "true", "TRUE", "1.5",
            "a+b%20c", "%2e%2e%2F", "%F0%9F%98%80", "\u00ff", "%0D%0AX-Injected:%201", "a=b", "2147483648",
            "9223372036854775808", "html", "json", "%3Cscript%3E"};
    static final String[] QUERY_NAMES = {"%ED%A0%80", "%C0%AF", "", "x", "a[b]", "%", "%00", "_", "format",
            "sessionId", "deleted", "status"};
    static final String[] SCALARS = {"1e400", "-1e400", "99999999999999999999999", "-99999999999999999999999",
            "1" + "0".repeat(400), "-0", "NaN", "Infinity", "0x10", "1.5", "1e-400", "2147483648", "-2147483649",
            "9223372036854775808", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\"", "\" \"", "null",
            "true", "[]", "{}", "[null]", "\"%ED%A0%80\"", "\"a/b\"", "\"a:b\"", "\"../x\"", "\"x\\ny\"",
            "\"<script>\"", "\"\u00c0\u00af\"", "\"\u00ed\u00a0\u0080\"", "'x'", "x", "\"1e400\"", "-", "01"};

    private final Surface surface;

    public HostileRequests(Surface surface) {
        this.surface = surface;
    }

    /** Request {@code index} of {@code seed}. */
    public RawRequest request(long seed, int index) {
        return new Draft(surface, new Random(mix(seed, index))).build();
    }

    /** Distinct seeds per (seed, index) without correlation between neighbours: SplitMix64's finaliser. */
    static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One request in the making. */
    private static final class Draft {

        private final Surface surface;
        private final Random random;
        private final Endpoint endpoint;
        private String method;
        private String path;
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private final List<String> query = new ArrayList<>();
        private final List<Header> headers = new ArrayList<>();
        private byte[] body;
        private int chunkSize;

        Draft(Surface surface, Random random) {
            this.surface = surface;
            this.random = random;
            this.endpoint = surface.endpoints().get(random.nextInt(surface.endpoints().size()));
            this.method = endpoint.method();
            this.path = endpoint.path();
            for (String name : endpoint.placeholders()) {
                placeholders.put(name, pick(surface.valuesOf(name)));
            }
            for (String parameter : endpoint.parameters()) {
                if (random.nextBoolean()) {
                    query.add(parameter + "=" + pick(surface.valuesOf(parameter)));
                }
            }
            if (!surface.credentials().isEmpty() && random.nextInt(4) != 0) {
                headers.addAll(pick(surface.credentials()));
            }
            if (endpoint.body() != null) {
                headers.add(new Header("Content-Type", endpoint.contentType()));
                body = endpoint.body().getBytes(StandardCharsets.UTF_8);
            }
        }

        RawRequest build() {
            int mutations = pick(new int[] {0, 1, 1, 1, 1, 2, 2, 2, 3, 4});
            for (int m = 0; m < mutations; m++) {
                mutate();
            }
            String target = path;
            for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
                target = target.replace("{" + placeholder.getKey() + "}", placeholder.getValue());
            }
            if (!query.isEmpty()) {
                target += "?" + String.join("&", query);
            }
            return new RawRequest(method, target, headers, body, chunkSize);
        }

        private void mutate() {
            switch (random.nextInt(13)) {
                case 0 -> method = pick(METHODS);
                case 1 -> hostilePlaceholder();
                case 2 -> path = hostilePath(path);
                case 3 -> query.add((random.nextBoolean() ? parameter() : pick(QUERY_NAMES)) + "=" + pick(QUERY_VALUES));
                case 4 -> hostileQueryShape();
                case 5 -> replaceHeader("Content-Type", pick(CONTENT_TYPES));
                case 6 -> replaceHeader("Accept", pick(ACCEPTS));
                case 7 -> hostileCredentials();
                case 8, 9 -> body = endpoint.body() != null && random.nextBoolean()
                        ? Bodies.mutateJson(endpoint.body(), random) : Bodies.hostile(random);
                case 10 -> hostileFraming();
                case 11 -> hostileHeaders();
                default -> {
                    // a body where none belongs, or none where one does
                    body = body == null ? Bodies.hostile(random) : random.nextBoolean() ? null : new byte[0];
                }
            }
        }

        private void hostilePlaceholder() {
            if (placeholders.isEmpty()) {
                path = hostilePath(path);
                return;
            }
            List<String> names = new ArrayList<>(placeholders.keySet());
            String name = pick(names);
            String value = switch (random.nextInt(5)) {
                case 0 -> "x".repeat(1 + random.nextInt(12_000));
                case 1 -> Bodies.text(random, 1 + random.nextInt(20), 0x80, 0xff);
                case 2 -> percentEncoded(Bodies.text(random, 1 + random.nextInt(12), 0x00, 0xff));
                case 3 -> placeholders.get(name) + pick(SEGMENTS);
                default -> pick(SEGMENTS);
            };
            placeholders.put(name, value);
        }

        private String hostilePath(String original) {
            return switch (random.nextInt(16)) {
                case 0 -> original.replaceFirst("/", "//");
                case 1 -> original + "/";
                case 2 -> original + ";" + pick(new String[] {"x", "jsessionid=1", "a=b", "", "%ED%A0%80"});
                case 3 -> original.replaceFirst("/([^/]+)", "/$1;x");
                case 4 -> original.replaceFirst("/", "/%2e%2e/");
                case 5 -> original.replaceFirst("/", "/../");
                case 6 -> original.replaceFirst("/", "/./");
                case 7 -> original.toUpperCase(Locale.ROOT);
                case 8 -> original.length() > 1 ? "/%" + Integer.toHexString(original.charAt(1))
                        + original.substring(2) : original;
                case 9 -> "/" + "a".repeat(random.nextInt(16_000));
                case 10 -> "/a".repeat(1 + random.nextInt(4_000));
                case 11 -> pick(new String[] {"*", "", "x", "http://127.0.0.1" + original, "//127.0.0.1" + original,
                        "/error", "/actuator/../" + original, "/%2F" + original, "/\\" + original});
                case 12 -> original.replace("/", "%2F");
                case 13 -> original + "/" + pick(SEGMENTS);
                case 14 -> original.replaceFirst("/[^/]*$", Matcher.quoteReplacement("/" + pick(SEGMENTS)));
                default -> original + "#" + pick(SEGMENTS);
            };
        }

        private void hostileQueryShape() {
            switch (random.nextInt(7)) {
                case 0 -> {
                    // the same parameter twice, with a hostile second value
                    String parameter = parameter();
                    query.add(parameter + "=" + pick(surface.valuesOf(parameter)));
                    query.add(parameter + "=" + pick(QUERY_VALUES));
                }
                case 1 -> query.add(pick(new String[] {"", "=", "=x", "&&&", "x", "?", "a==b", "%26=%3D"}));
                case 2 -> {
                    int count = 1 + random.nextInt(3_000);
                    for (int i = 0; i < count; i++) {
                        query.add("p" + i + "=" + i);
                    }
                }
                case 3 -> query.add("x=" + "y".repeat(random.nextInt(20_000)));
                case 4 -> query.add(percentEncoded(Bodies.text(random, 1 + random.nextInt(10), 0, 0xff)) + "="
                        + percentEncoded(Bodies.text(random, 1 + random.nextInt(30), 0, 0xff)));
                case 5 -> query.add(Bodies.text(random, 1 + random.nextInt(10), 0x80, 0xff));
                default -> query.add(parameter());
            }
        }

        private void hostileCredentials() {
            List<String> names = surface.credentials().stream().flatMap(List::stream).map(Header::name).distinct()
                    .toList();
            String name = names.isEmpty() ? "Authorization" : pick(names);
            String valid = surface.credentials().stream().flatMap(List::stream).filter(h -> h.is(name))
                    .map(Header::value).findFirst().orElse("x");
            String value = switch (random.nextInt(14)) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> "Bearer";
                case 3 -> "Bearer ";
                case 4 -> "Bearer " + Bodies.text(random, 1 + random.nextInt(40), 0x21, 0x7e);
                case 5 -> "Basic %%%";
                case 6 -> "Basic " + Base64.getEncoder().encodeToString(("nobody:" + random.nextInt())
                        .getBytes(StandardCharsets.UTF_8));
                case 7 -> "Basic " + "A".repeat(random.nextInt(9_000));
                case 8 -> valid.toLowerCase(Locale.ROOT);
                case 9 -> valid + " ";
                case 10 -> valid + "x";
                case 11 -> Bodies.text(random, 1 + random.nextInt(30), 0x80, 0xff);
                case 12 -> "Basic " + Base64.getEncoder().encodeToString(Bodies.bytes(random, 20, 0, 0xff));
                default -> "Bearer %ED%A0%80";
            };
            if (random.nextInt(4) == 0 && value != null) {
                headers.add(new Header(name, value)); // a second one, beside the valid one if any
            } else {
                replaceHeader(name, value);
            }
        }

        private void hostileFraming() {
            byte[] payload = body != null ? body : Bodies.hostile(random);
            switch (random.nextInt(8)) {
                case 0 -> {
                    body = payload;
                    chunkSize = 1 + random.nextInt(Math.max(1, payload.length));
                }
                case 1 -> {
                    // declared shorter than sent: the rest is garbage after the request
                    body = payload;
                    replaceHeader("Content-Length", Integer.toString(random.nextInt(payload.length + 1)));
                }
                case 2 -> {
                    // declared longer than sent: a truncated body
                    body = payload;
                    replaceHeader("Content-Length", Integer.toString(payload.length + 1 + random.nextInt(100)));
                }
                case 3 -> {
                    body = payload;
                    replaceHeader("Content-Length", pick(new String[] {"-1", "abc", "99999999999999999999", "1e3",
                            " ", "0x10", "+5", "5, 6"}));
                }
                case 4 -> {
                    body = payload;
                    headers.add(new Header("Content-Length", Integer.toString(payload.length)));
                    headers.add(new Header("Content-Length", Integer.toString(payload.length + 1)));
                }
                case 5 -> {
                    // Content-Length and chunked at once (request smuggling shape)
                    body = RawRequest.chunks(payload, 1 + random.nextInt(Math.max(1, payload.length)));
                    replaceHeader("Transfer-Encoding", "chunked");
                    headers.add(new Header("Content-Length", Integer.toString(payload.length)));
                }
                case 6 -> {
                    // broken chunking
                    String chunk = pick(new String[] {"zz\r\nabc\r\n0\r\n\r\n", "5\r\nab", "3\r\nabcdef\r\n0\r\n\r\n",
                            "-1\r\nabc\r\n", "ffffffffffffffff\r\nabc\r\n", "3;ext=\u00ff\r\nabc\r\n0\r\n\r\n",
                            "3\r\nabc\r\n", "0\r\nX-Trailer: \u00ff\r\n\r\n", "3\nabc\n0\n\n"});
                    body = chunk.getBytes(StandardCharsets.ISO_8859_1);
                    replaceHeader("Transfer-Encoding", "chunked");
                    replaceHeader("Content-Length", null);
                }
                default -> {
                    body = payload;
                    replaceHeader("Transfer-Encoding", pick(new String[] {"gzip", "chunked, chunked", "identity",
                            "garbage", "gzip, chunked"}));
                    replaceHeader("Content-Length", null);
                    if (random.nextBoolean()) {
                        body = RawRequest.chunks(payload, 7);
                    }
                }
            }
        }

        private void hostileHeaders() {
            switch (random.nextInt(9)) {
                case 0 -> headers.add(new Header("X-Long", "v".repeat(random.nextInt(20_000))));
                case 1 -> {
                    int count = 1 + random.nextInt(300);
                    for (int i = 0; i < count; i++) {
                        headers.add(new Header("X-H" + i, Integer.toString(i)));
                    }
                }
                case 2 -> headers.add(new Header("X-Raw", Bodies.text(random, 1 + random.nextInt(40), 0x80, 0xff)));
                case 3 -> headers.add(new Header("Content-Type", pick(CONTENT_TYPES)));
                case 4 -> replaceHeader("Host", pick(new String[] {"", "evil.example", "127.0.0.1:99999", "[::1",
                        "a b", "\u00ff"}));
                case 5 -> headers.add(new Header(pick(new String[] {"Content-Encoding", "Accept-Encoding",
                        "Accept-Charset", "Accept-Language", "Range", "If-Modified-Since", "If-None-Match", "Expect",
                        "Origin", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded",
                        "Cookie", "Upgrade", "Access-Control-Request-Method", "TE", "Max-Forwards"}),
                        pick(new String[] {"gzip", "x", "", "bytes=5-1", "bytes=a", "garbage", "100-continue",
                                "null", "http://evil.example", "%ED%A0%80", "\u00ff\u00fe", "h2c", "FOO", "-1",
                                "JSESSIONID=x; a", "for=\"[::1"})));
                case 6 -> headers.add(new Header("X-Sep", "a\u0000b"));
                case 7 -> headers.add(new Header(Bodies.text(random, 1 + random.nextInt(10), 0x21, 0x7e)
                        .replace(":", ""), "x"));
                default -> headers.add(new Header("X-Folded", "a\r\n b"));
            }
        }

        /** One of the endpoint's query parameters, or {@code x} when it reads none. */
        private String parameter() {
            return endpoint.parameters().isEmpty() ? "x" : pick(endpoint.parameters());
        }

        private void replaceHeader(String name, String value) {
            headers.removeIf(h -> h.is(name));
            if (value != null) {
                headers.add(new Header(name, value));
            }
        }

        private static String percentEncoded(String raw) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < raw.length(); i++) {
                out.append('%').append(String.format("%02X", (int) raw.charAt(i) & 0xff));
            }
            return out.toString();
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private int pick(int[] values) {
            return values[random.nextInt(values.length)];
        }
    }
}
