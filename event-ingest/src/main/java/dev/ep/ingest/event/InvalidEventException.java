package dev.ep.ingest.event;

/** An event that decoded but cannot be stored as it is; it goes to the dead-letter topic with this message. */
public final class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
