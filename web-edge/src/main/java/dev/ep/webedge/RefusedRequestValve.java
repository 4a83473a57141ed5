package dev.ep.webedge;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.apache.coyote.ActionCode;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Answers requests Tomcat itself refused before any servlet ran (a path that is not valid percent-encoded UTF-8, a
 * path its normalisation rejects, the {@code CONNECT} method, a transfer coding it does not implement) in the
 * service's error shape instead of Tomcat's HTML page. Tomcat marks such a request with {@code sendError} while
 * parsing it and still passes it down the engine's pipeline, where this valve (the engine's first) reports it.
 *
 * <p>Tomcat answers two client choices with a 5xx: 501 for {@code CONNECT} and for an unknown transfer coding. The
 * services keep 5xx for their own failures, so these become 405 ({@code CONNECT}, with {@code Allow}) and 400 (the
 * request has to change). A request line without a version is an HTTP/0.9 simple request, answered by Tomcat with
 * the body alone: it is always refused as 400, the only status such an answer can carry (in its body). The body is
 * the writer's fixed text for the status: nothing of the request is echoed.
 */
public final class RefusedRequestValve extends ValveBase {

    private final ErrorBody body;

    public RefusedRequestValve(ErrorBody body) {
        super(true);
        this.body = body;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (!response.isError() || !response.setErrorReported()) {
            getNext().invoke(request, response);
            return;
        }
        int status = response.getStatus();
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
            return; // the connection is being closed: Tomcat ends it with its own status line, a body would be garbage
        }
        response.setSuspended(false);
        response.setContentType(body.contentType());
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
            writer.write(body.text(status));
            response.finishResponse();
        }
    }

    /** The service's error body for a refused request: its content type and fixed text per status. */
    public interface ErrorBody {

        String contentType();

        String text(int status);

        /**
         * An RFC 9457 problem detail ({@code type} = {@code typeBase} + the code in kebab case, {@code title} from
         * it, {@code status}, {@code detail}, {@code code}) whose code the service picks for the status.
         */
        static ErrorBody problemDetails(String typeBase, IntFunction<String> codeForStatus) {
            return new ErrorBody() {
                @Override
                public String contentType() {
                    return "application/problem+json";
                }

                @Override
                public String text(int status) {
                    String code = codeForStatus.apply(status);
                    String kebab = code.toLowerCase(Locale.ROOT).replace('_', '-');
                    return "{\"type\":\"" + typeBase + kebab + "\",\"title\":\""
                            + Character.toUpperCase(kebab.charAt(0)) + kebab.substring(1).replace('-', ' ')
                            + "\",\"status\":" + status + ",\"detail\":\"the request line or its framing is "
                            + "malformed (for example a path that is not valid percent-encoded UTF-8, or an unknown "
                            + "transfer coding)\",\"code\":\"" + code + "\"}";
                }
            };
        }
    }
}
