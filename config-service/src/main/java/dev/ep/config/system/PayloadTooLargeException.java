package dev.ep.config.system;

import java.io.IOException;

/** Thrown while reading a request body longer than the limit (bodies without a Content-Length). */
final class PayloadTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
