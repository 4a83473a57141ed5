package dev.ep.registry.auth;

/** Settings that leave the registry without a sound write access: it refuses to start, saying what to set. */
final class WriteAccessException extends IllegalStateException {

    WriteAccessException(String message) {
        super(message);
    }
}
