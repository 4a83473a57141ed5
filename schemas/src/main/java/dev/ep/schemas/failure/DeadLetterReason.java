package dev.ep.schemas.failure;

import java.util.Locale;

/**
 * Why a record went to a dead-letter topic: header {@link DeadLetterHeaders#REASON} and the {@code reason} tag of the
 * consumers' dead-letter metrics. Only {@link FailureKind#PERMANENT} failures are dead-lettered.
 */
public enum DeadLetterReason {

    /** The bytes are not a readable record: not the wire format, unknown schema id, corrupt body, no key. */
    DECODE,
    /** The record decoded but breaks a rule of the consumer (invalid content, key not matching the value). */
    VALIDATION,
    /** The consumer's database refused the record (a data exception or constraint) when it was written alone. */
    REJECTED_BY_DATABASE;

    /** The header value and metric tag: lower case, {@code -} for {@code _} ({@code rejected-by-database}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
