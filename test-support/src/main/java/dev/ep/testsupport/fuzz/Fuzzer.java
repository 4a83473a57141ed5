package dev.ep.testsupport.fuzz;

import dev.ep.testsupport.http.DroppedConnection;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a fixed {@link #preamble()} and then a seeded run of {@link HostileRequests} to a running service, one fresh
 * connection per request, and collects what is not acceptable: any 5xx, any dropped connection (closed, reset or
 * silent without a complete reply), and whatever the service's own {@link ReplyCheck} refuses. Bounded in count and in time, whichever comes first.
 */
public final class Fuzzer {

    private static final Logger log = LoggerFactory.getLogger(Fuzzer.class);
    static final int MAX_FAILURES_KEPT = 20;

    private final Surface surface;
    private final ReplyCheck check;

    public Fuzzer(Surface surface, ReplyCheck check) {
        this.surface = surface;
        this.check = check;
    }

    public Fuzzer(Surface surface) {
        this(surface, ReplyCheck.NONE);
    }

    /** Runs against {@code 127.0.0.1:port}. */
    public FuzzReport run(int port, FuzzSettings settings) {
        HostileRequests requests = new HostileRequests(surface);
        long deadline = System.nanoTime() + settings.time().toNanos();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<FuzzReport.Failure> failures = new ArrayList<>();
        int failed = 0;
        int sent = 0;
        int first = settings.onlyIndex().orElse(0);
        int end = settings.onlyIndex().isPresent() ? first + 1 : settings.requests();
        List<RawRequest> preamble = settings.onlyIndex().isPresent() ? List.of() : preamble();
        for (int index = first - preamble.size(); index < end && System.nanoTime() < deadline; index++) {
            RawRequest request = index < 0 ? preamble.get(index + preamble.size())
                    : requests.request(settings.seed(), index);
            sent++;
            Optional<String> problem;
            String reply;
            try {
                RawReply answer = RawHttp.once(port, request);
                statuses.merge(answer.status(), 1, Integer::sum);
                problem = answer.status() >= 500 ? Optional.of("server error " + answer.status())
                        : answer.status() == RawReply.SIMPLE_RESPONSE && !(isHttp09(request) && refused(answer))
                        ? Optional.of("a reply without status line to an HTTP/1.1 request, or not a 400")
                        : check.problem(request, answer);
                reply = answer.toString();
            } catch (DroppedConnection e) {
                statuses.merge(FuzzReport.DROPPED, 1, Integer::sum);
                problem = Optional.of("dropped connection: " + e.getMessage());
                reply = "none";
            }
            if (problem.isPresent()) {
                failed++;
                if (failures.size() < MAX_FAILURES_KEPT) {
                    failures.add(new FuzzReport.Failure(index, problem.get(), request.describe(300), reply));
                }
            }
        }
        FuzzReport report = new FuzzReport(surface.service(), settings, sent, statuses, failed, failures);
        log.info("{}", report.summary());
        return report;
    }

    /** How many times the {@link #preamble()} pair is sent. */
    static final int PREAMBLE_PAIRS = 8;

    /**
     * Sent before the seeded run (indexes below 0), each on its own connection like every request: an HTTP/0.9 simple
     * request, then an HTTP/1.1 request whose target Tomcat refuses while it parses the request line. Tomcat 11 kept
     * the HTTP/0.9 flag of a recycled request processor until the next request line parsed, so the second was
     * answered without a status line (seen three times in 10,000 seeded requests; this pair makes it certain).
     */
    static List<RawRequest> preamble() {
        List<RawRequest> pairs = new ArrayList<>();
        for (int i = 0; i < PREAMBLE_PAIRS; i++) {
            pairs.add(RawRequest.of("GET", ""));
            pairs.add(RawRequest.of("GET", "/{fuzz}").header("Host", "127.0.0.1"));
        }
        return List.copyOf(pairs);
    }

    /** Tomcat's limit on the request line and headers (its default {@code maxHttpHeaderSize}, 8 KiB). */
    static final int REQUEST_LINE_LIMIT = 8 * 1024;

    /**
     * Whether the server may read the request line as HTTP/0.9 (a simple request, RFC 1945 §4.1) and answer with a
     * body alone: an empty target or one with whitespace leaves {@code HTTP/1.1} as the target or as an extra word;
     * a request line longer than the container's buffer is refused before its protocol is read.
     */
    static boolean isHttp09(RawRequest request) {
        return request.target().isEmpty() || request.target().chars().anyMatch(c -> c == ' ' || c == '\t')
                || request.method().isEmpty()
                || request.method().length() + request.target().length() + 10 > REQUEST_LINE_LIMIT;
    }

    /** An HTTP/0.9 answer says its status only in its body: it has to be a 400. */
    private static boolean refused(RawReply answer) {
        return answer.text().contains("400");
    }
}
