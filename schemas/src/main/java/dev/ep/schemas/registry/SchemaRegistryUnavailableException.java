package dev.ep.schemas.registry;

import java.net.URI;

/** Every configured registry URL failed with an I/O error or a 5xx answer, on every retry. */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

  public SchemaRegistryUnavailableException(String message, int httpStatus, int errorCode, URI uri, Throwable cause) {
    super(message, httpStatus, errorCode, uri, cause);
  }
}
