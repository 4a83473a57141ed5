package dev.ep.registry.auth;

import dev.ep.registry.core.ErrorCode;
import dev.ep.registry.core.RegistryException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Demands a writer's basic-auth credentials before any handler that can change the registry runs. It decides on the
 * handler Spring MVC resolved, not on the request's path, so no spelling of a path (encoded characters, matrix
 * parameters, double slashes) reaches a write handler unchecked; and it denies by default: any handler reached with
 * a method other than GET, HEAD or OPTIONS needs credentials unless marked {@link OpenRead} (or it is the error page).
 * Runs before the request body is read.
 */
final class WriteAuthInterceptor implements HandlerInterceptor {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Writers writers;

    WriteAuthInterceptor(Writers writers) {
        this.writers = writers;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || SAFE_METHODS.contains(request.getMethod())
                || handler instanceof HandlerMethod method && (method.hasMethodAnnotation(OpenRead.class)
                        || method.getBean() instanceof ErrorController)) {
            return true;
        }
        boolean authenticated = BasicCredentials.fromHeader(request.getHeader(HttpHeaders.AUTHORIZATION))
                .map(credentials -> writers.authenticate(credentials.user(), credentials.password()))
                .orElse(false);
        if (!authenticated) {
            throw new RegistryException(ErrorCode.UNAUTHORIZED,
                    "Unauthorized: writes need HTTP basic authentication as a registry writer");
        }
        return true;
    }
}
