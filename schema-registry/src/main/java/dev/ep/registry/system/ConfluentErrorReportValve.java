package dev.ep.registry.system;

import dev.ep.webedge.RequestChecks;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word on an error, for requests it refuses before any servlet runs (a path that does not decode,
 * such as an encoded lone surrogate or an encoded slash): Confluent's error body instead of Tomcat's HTML page.
 * Installed as the host's error report valve by {@link WebConfig}.
 *
 * <p>Tomcat answers a few client choices it does not implement with a 5xx: 501 for the CONNECT method or an unknown
 * transfer coding, 505 for another HTTP version. The registry keeps 5xx for its own failures, so these become 405
 * (CONNECT) and 400 (the others): the request is what has to change.
 */
public final class ConfluentErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (request.getProtocol() == null || request.getProtocol().isEmpty()) {
            status = 400; // an HTTP/0.9 simple request: its answer has no status line, so the body says 400
            response.setStatus(status);
        } else if (status == 501 || status == 505) {
            boolean connect = "CONNECT".equals(request.getMethod());
            status = connect ? 405 : 400;
            response.setStatus(status);
            if (connect) {
                response.setHeader("Allow", String.join(", ", new TreeSet<>(RequestChecks.METHODS)));
            }
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(ConfluentMediaTypes.V1_JSON);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ErrorResponses.json(status, ErrorResponses.plainMessage(status)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is already closed; nothing more can be said.
        }
    }
}
