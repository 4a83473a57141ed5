package dev.ep.registry.system;

import dev.ep.registry.core.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), in place of Boot's: errors raised outside Spring MVC (a
 * malformed chunked body, TRACE, a failure in a filter) get Confluent's body too. Asked for directly, it is a route
 * like any unknown one: 404.
 */
@RestController
class ConfluentErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ConfluentErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code) || code < 400) {
            return body(ErrorCode.ROUTE_NOT_FOUND.httpStatus(), ErrorCode.ROUTE_NOT_FOUND.confluentCode(),
                    ErrorResponses.plainMessage(404));
        }
        if (code >= 500) {
            log.error("Registry failure outside Spring MVC on {} {}", request.getAttribute(
                    RequestDispatcher.ERROR_REQUEST_URI), code, (Throwable) request.getAttribute(
                    RequestDispatcher.ERROR_EXCEPTION));
        }
        return body(code, code, ErrorResponses.plainMessage(code));
    }

    private static ResponseEntity<ErrorBody> body(int status, int errorCode, String message) {
        return ResponseEntity.status(status).contentType(ConfluentMediaTypes.V1_JSON_TYPE)
                .body(new ErrorBody(errorCode, message));
    }
}
