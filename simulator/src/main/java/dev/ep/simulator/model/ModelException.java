package dev.ep.simulator.model;

/** A model file that cannot be used; the message names the field and what to fix. */
public final class ModelException extends RuntimeException {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
