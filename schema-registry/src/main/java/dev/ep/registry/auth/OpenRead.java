package dev.ep.registry.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that is reached with POST only because its request carries a schema, yet changes nothing: the
 * lookup {@code POST /subjects/{s}} and the compatibility checks. It stays open to anonymous clients like every GET,
 * so that producers with {@code auto.register.schemas=false} and CI checks need no write credential (Karapace counts
 * these as reads as well). Every other handler reached with a method other than GET, HEAD or OPTIONS needs a writer.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OpenRead {
}
