package dev.ep.schemas.failure;

import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.registry.SchemaRegistryUnavailableException;

/**
 * What a consumer does when a record cannot be processed: the one classification every consumer of the platform
 * uses, so a registry answer means the same thing everywhere (the table is in the module README).
 *
 * <p>Only a failure that is the record's own ({@link #PERMANENT}) goes to the dead-letter topic. A failure of the
 * registry or of the consumer's own configuration is never the record's: the consumer waits on that record and
 * retries it, so an outage or a wrong credential never empties a topic into its dead-letter topic.
 */
public enum FailureKind {

    /** The registry did not answer, or answered "not now" (5xx, 408, 429): wait and retry the same record. */
    TRANSIENT,
    /**
     * The registry refused the consumer's request (401, 403, another 4xx that is about the request and not about the
     * record, such as a 404 without a Confluent error code: a URL that is not a registry): a configuration error an
     * operator must fix. Wait and retry the same record, and say so loudly (ERROR log, health); never dead-letter.
     */
    NEEDS_OPERATOR,
    /**
     * The record itself is bad: not the Confluent wire format, a schema id or subject the registry does not know
     * (404 with error code 40401, 40402 or 40403), an invalid or incompatible schema (422, 409), an Avro body that
     * does not decode, content the consumer refuses. Dead-letter it once and move on.
     */
    PERMANENT;

    /** Whether the consumer must stay on the record and retry it ({@link #TRANSIENT}, {@link #NEEDS_OPERATOR}). */
    public boolean waits() {
        return this != PERMANENT;
    }

    /**
     * Classifies why processing a record failed, by the first {@link SchemaRegistryException} in the cause chain; a
     * failure without one is the record's ({@link #PERMANENT}).
     */
    public static FailureKind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return TRANSIENT;
            }
            if (t instanceof SchemaRegistryException registry) {
                return ofRegistryAnswer(registry.httpStatus(), registry.errorCode());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return PERMANENT;
    }

    /**
     * Classifies a registry answer by its HTTP status ({@link SchemaRegistryException#NO_STATUS} when there was none)
     * and Confluent {@code error_code} (the HTTP status again when the body carried none).
     */
    public static FailureKind ofRegistryAnswer(int httpStatus, int errorCode) {
        if (httpStatus == SchemaRegistryException.NO_STATUS || httpStatus >= 500 || httpStatus == 408
                || httpStatus == 429) {
            return TRANSIENT;
        }
        if (httpStatus == 404) {
            return errorCode == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || errorCode == SchemaRegistryException.VERSION_NOT_FOUND
                    || errorCode == SchemaRegistryException.SCHEMA_NOT_FOUND ? PERMANENT : NEEDS_OPERATOR;
        }
        if (httpStatus == 422 || httpStatus == 409) {
            return PERMANENT;
        }
        if (httpStatus >= 400) {
            return NEEDS_OPERATOR;
        }
        // a 1xx-3xx the client could not use (a redirect it does not follow): the registry's setup, not the record
        return NEEDS_OPERATOR;
    }
}
