package dev.ep.reporting.system;

import java.io.IOException;

/** A request body passed {@code ep.reporting.max-request-bytes} while being read. */
final class PayloadTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    PayloadTooLargeException(long limit) {
        super("the request body exceeds " + limit + " bytes");
    }
}
