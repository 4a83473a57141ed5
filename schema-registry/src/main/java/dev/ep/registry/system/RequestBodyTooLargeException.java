package dev.ep.registry.system;

import java.io.IOException;

/**
 * Thrown by the body stream of a request once more than the limit has been read. An {@link IOException}, so it
 * travels through JSON parsers and Spring's message conversion like any read failure, and {@link ErrorAdvice} finds
 * it among the causes.
 */
final class RequestBodyTooLargeException extends IOException {

    RequestBodyTooLargeException(long limit) {
        super("Request body is larger than the limit of " + limit + " bytes");
    }
}
