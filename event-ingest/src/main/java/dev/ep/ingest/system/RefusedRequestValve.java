package dev.ep.ingest.system;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Answers requests Tomcat itself refused before any servlet ran (a path that is not valid percent-encoded UTF-8,
 * such as {@code /v1/sessions/%ED%A0%80/timeline}, or one its normalisation rejects) with a problem detail instead of
 * Tomcat's HTML error page. Tomcat marks such a request with {@code sendError} while parsing it and then still passes
 * it down the engine's pipeline, where this valve (the engine's first) reports it, so Tomcat's own error report
 * never runs. The body is fixed text: nothing of the refused request is echoed.
 */
final class RefusedRequestValve extends ValveBase {

    RefusedRequestValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (!response.isError() || !response.setErrorReported()) {
            getNext().invoke(request, response);
            return;
        }
        int status = response.getStatus();
        ErrorCode code = status == 404 ? ErrorCode.NOT_FOUND
                : status == 405 ? ErrorCode.METHOD_NOT_ALLOWED
                : status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        String kebab = code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        response.setSuspended(false);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
            writer.write("{\"type\":\"" + ProblemAdvice.TYPE_BASE + kebab + "\",\"title\":\""
                    + Character.toUpperCase(kebab.charAt(0)) + kebab.substring(1).replace('-', ' ')
                    + "\",\"status\":" + status + ",\"detail\":\"the request line is malformed (for example a path "
                    + "that is not valid percent-encoded UTF-8)\",\"code\":\"" + code.name() + "\"}");
            response.finishResponse();
        }
    }
}
