package dev.ep.schemas.registry;

import java.net.URI;

/**
 * A registry call failed. Carries the HTTP status and Confluent's {@code error_code} when the registry answered
 * (e.g. 40401 subject not found, 40403 schema not found, 42201 invalid schema, 409 incompatible), or
 * {@link #NO_STATUS} when it could not be reached at all.
 */
public class SchemaRegistryException extends RuntimeException {

  public static final int NO_STATUS = -1;
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int INCOMPATIBLE_SCHEMA = 409;

  private final int httpStatus;
  private final int errorCode;
  private final URI uri;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, URI uri, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.uri = uri;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    this(message, NO_STATUS, NO_STATUS, null, cause);
  }

  /** HTTP status of the answer, or {@link #NO_STATUS} when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent {@code error_code} of the answer (falls back to the HTTP status for non-Confluent bodies). */
  public int errorCode() {
    return errorCode;
  }

  /** The request URI that failed last, if any. */
  public URI uri() {
    return uri;
  }

  /** True for 404 answers (unknown subject, version or schema). */
  public boolean isNotFound() {
    return httpStatus == 404;
  }
}
