package dev.ep.webedge;

/**
 * Why the edge refuses a request before any handler sees it, with the HTTP status that says so and a detail for
 * the client that names what to fix (never echoing the request's bytes).
 */
public record Refusal(Kind kind, String detail) {

    /** The kinds of refusal, each with its status. */
    public enum Kind {
        /** The query string (or a form body) is not percent-encoded UTF-8, or has unnamed or too many parameters. */
        MALFORMED_QUERY(400),
        /** The path is not percent-encoded UTF-8. */
        MALFORMED_PATH(400),
        /** The container's error page asked for directly: it renders errors of other requests, it is no resource. */
        NOT_FOUND(404),
        /** A method token no service uses ({@code CONNECT}, {@code TRACE}, {@code FOO}...). */
        METHOD_NOT_ALLOWED(405),
        /** A {@code Content-Type} with a wildcard ({@code *}{@code /*}, {@code application/*}): no body has one. */
        WILDCARD_CONTENT_TYPE(415),
        /** A declared {@code Content-Length} above the body limit ({@link BodyLimitFilter}). */
        PAYLOAD_TOO_LARGE(413);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public int status() {
        return kind.status();
    }
}
