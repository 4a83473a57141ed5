package dev.ep.ingest.store;

/** PostgreSQL could not take the batch for a reason unrelated to its content (down, restarting, timeout): retry. */
public final class StoreUnavailableException extends Exception {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
