package dev.ep.ingest.store;

/** PostgreSQL refused the batch because of its content (SQLSTATE class 22, data exception): retrying it would never help. */
public final class RejectedBatchException extends Exception {

    public RejectedBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
