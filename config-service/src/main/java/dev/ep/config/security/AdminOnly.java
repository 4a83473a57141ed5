package dev.ep.config.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler only {@link Role#ADMIN} may call (layers, the platform holdout): checked by
 * {@link BearerTokenInterceptor} before the body is read, so anyone else gets 403 whatever they send.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AdminOnly {
}
