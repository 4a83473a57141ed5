package dev.ep.testsupport.http;

import java.io.IOException;

/** The server closed or reset the connection, or went silent, before a complete reply. */
public final class DroppedConnection extends IOException {

    public DroppedConnection(String message, Throwable cause) {
        super(message, cause);
    }
}
