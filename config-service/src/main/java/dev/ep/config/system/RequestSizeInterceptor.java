package dev.ep.config.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses a declared Content-Length above the limit before anything reads the body. */
final class RequestSizeInterceptor implements HandlerInterceptor {

    private final long limit;

    RequestSizeInterceptor(long limit) {
        this.limit = limit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        long length = request.getContentLengthLong();
        if (length > limit) {
            throw new ApiException(ApiError.PAYLOAD_TOO_LARGE, "the request body has " + length
                    + " bytes, at most " + limit + " are accepted");
        }
        return true;
    }
}
