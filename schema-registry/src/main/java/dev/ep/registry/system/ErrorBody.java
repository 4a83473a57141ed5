package dev.ep.registry.system;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Confluent's error body. Deliberately not RFC 9457 problem details: every Confluent-API client parses exactly
 * {@code error_code} and {@code message}.
 */
record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {
}
