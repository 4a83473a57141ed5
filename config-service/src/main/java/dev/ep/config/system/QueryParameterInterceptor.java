package dev.ep.config.system;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses query parameters the handler does not declare, as strict JSON refuses unknown members: a typo such as
 * {@code ?stauts=running} would otherwise be ignored and answer with every experiment.
 */
final class QueryParameterInterceptor implements HandlerInterceptor {

    private final ConcurrentMap<HandlerMethod, Set<String>> known = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null) {
            return true;
        }
        Set<String> declared = known.computeIfAbsent(method, QueryParameterInterceptor::declared);
        for (String name : new TreeSet<>(request.getParameterMap().keySet())) {
            if (!declared.contains(name)) {
                throw new ApiException(ApiError.INVALID_PARAMETER, name + ": unknown query parameter"
                        + (declared.isEmpty() ? " (this endpoint takes none)" : " (known: " + String.join(", ", declared)
                                + ")"));
            }
        }
        return true;
    }

    private static Set<String> declared(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter p : method.getMethodParameters()) {
            RequestParam param = p.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = param.name().isEmpty() ? p.getParameterName() : param.name();
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
