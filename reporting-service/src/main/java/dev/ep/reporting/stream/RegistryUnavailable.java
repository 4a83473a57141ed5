package dev.ep.reporting.stream;

/**
 * The schema registry did not answer (or answered 5xx): not the record's fault. The record is never skipped: the
 * stream thread fails, is replaced, and reprocesses from the last commit (exactly once), until the registry is back.
 */
final class RegistryUnavailable extends RuntimeException {

    RegistryUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
