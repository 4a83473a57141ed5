package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The front over real HTTP: stand-in instances (the JDK's HTTP server, or a raw socket that misbehaves on purpose)
 * on loopback ports, a real client socket. No mocks: bytes on the wire.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrontTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final FrontLimits LIMITS = new FrontLimits(16, 4096, 20, 1024, Duration.ofSeconds(5),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), 4, Duration.ofMillis(300),
            Duration.ofMillis(50), Duration.ofSeconds(5));

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void shouldSpreadRequestsOverEveryReadyInstanceWhenSeveralAreUp() throws Exception {
        // given
        Backend one = backend("one");
        Backend two = backend("two");
        Front front = front(LIMITS, one.port(), two.port());
        awaitReady(front, 1, 2);

        // when: ten requests over one keep-alive connection
        Set<String> answeredBy = new HashSet<>();
        try (Client client = new Client(front.port())) {
            for (int i = 0; i < 10; i++) {
                Response r = client.send("GET /who?i=" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n");
                assertThat(r.status()).isEqualTo(200);
                answeredBy.add(r.body());
            }
            assertThat(client.connects).isEqualTo(1);
        }

        // then
        assertThat(answeredBy).containsExactlyInAnyOrder("one", "two");
        assertThat(one.requests.get() + two.requests.get()).isEqualTo(10);
    }

    @Test
    void shouldRelayChunkedAnswersBodiesAndContinueWhenTheClientAsks() throws Exception {
        // given
        Backend one = backend("one");
        Front front = front(LIMITS, one.port());
        awaitReady(front, 1);

        try (Client client = new Client(front.port())) {
            // when: a POST with Expect: 100-continue, answered chunked by the instance
            client.write("POST /echo HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 11\r\n\r\n");
            Response interim = client.read();
            client.write("{\"a\":\"ü1\"}");
            Response echoed = client.read();
            // and a HEAD and a 204 on the same connection
            Response head = client.send("HEAD /who HTTP/1.1\r\nHost: shop\r\n\r\n");
            Response empty = client.send("DELETE /nothing HTTP/1.1\r\nHost: shop\r\n\r\n");

            // then
            assertThat(interim.status()).isEqualTo(100);
            assertThat(echoed.status()).isEqualTo(200);
            assertThat(echoed.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(echoed.body()).isEqualTo("POST {\"a\":\"ü1\"}");
            assertThat(head.status()).isEqualTo(200);
            assertThat(empty.status()).isEqualTo(204);
            assertThat(client.connects).isEqualTo(1);
        }
    }

    @Test
    void shouldStopSendingToADrainedInstanceOnlyAfterItsRequestsInFlightWereAnswered() throws Exception {
        // given an instance holding a slow request
        Backend one = backend("one");
        Backend two = backend("two");
        Front front = front(LIMITS, one.port(), two.port());
        awaitReady(front, 1, 2);
        List<Response> slow = new CopyOnWriteArrayList<>();
        Thread slowClient = new Thread(() -> {
            for (int i = 0; i < 2; i++) { // round robin: one of two consecutive requests lands on instance 1
                try (Client client = new Client(front.port())) {
                    slow.add(client.send("GET /slow HTTP/1.1\r\nHost: shop\r\n\r\n"));
                } catch (IOException e) {
                    slow.add(new Response(-1, List.of(), e.toString()));
                }
            }
        });
        slowClient.start();
        assertThat(one.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        boolean drained = front.drain(1);

        // then: the slow request was answered before drain returned, and nothing new reaches instance 1
        assertThat(drained).isTrue();
        assertThat(one.slowFinished.get()).isTrue();
        int before = one.requests.get();
        try (Client client = new Client(front.port())) {
            for (int i = 0; i < 6; i++) {
                assertThat(client.send("GET /who HTTP/1.1\r\nHost: shop\r\n\r\n").body()).isEqualTo("two");
            }
        }
        assertThat(one.requests.get()).isEqualTo(before);
        assertThat(front.isReady(1)).isFalse();
        slowClient.join();
        assertThat(slow).extracting(Response::status).containsOnly(200);

        // and once undrained it takes requests again when its readiness says so
        front.undrain(1);
        awaitReady(front, 1);
        Set<String> answeredBy = new HashSet<>();
        try (Client client = new Client(front.port())) {
            for (int i = 0; i < 4; i++) {
                answeredBy.add(client.send("GET /who HTTP/1.1\r\nHost: shop\r\n\r\n").body());
            }
        }
        assertThat(answeredBy).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void shouldSendARequestToAnotherInstanceWhenOneRefusesConnections() throws Exception {
        // given both ready, then one stops without the front's probe having noticed (probes once an hour)
        FrontLimits rareProbes = new FrontLimits(16, 4096, 20, 1024, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4, Duration.ofMillis(300), Duration.ofHours(1),
                Duration.ofSeconds(5));
        Backend one = backend("one");
        Backend two = backend("two");
        Front front = front(rareProbes, one.port(), two.port());
        awaitReady(front, 1, 2);
        one.server.stop(0);

        // when
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (Client client = new Client(front.port())) {
                responses.add(client.send("POST /v1/assign HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}"));
            }
        }

        // then: every request answered by instance 2, and instance 1 marked not ready
        assertThat(responses).extracting(Response::status).containsOnly(200);
        assertThat(responses).extracting(Response::body).containsOnly("two");
        assertThat(front.stats().retries()).isPositive();
        assertThat(front.isReady(1)).isFalse();
        assertThat(log).anySatisfy(line -> assertThat(line).contains("assignment-service not ready"));
    }

    @Test
    void shouldReplayOnlyEventsWhenAnInstanceTakesARequestAndClosesWithoutAnswer() throws Exception {
        // given an instance that reads each request and hangs up, and a good one
        try (Dropper dropper = new Dropper()) {
            Backend good = backend("good");
            Front front = front(LIMITS, dropper.port(), good.port());
            awaitReady(front, 1, 2);

            // when
            List<Integer> assignStatuses = new ArrayList<>();
            List<Integer> eventStatuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                try (Client client = new Client(front.port())) {
                    assignStatuses.add(client.send("POST /v1/assign HTTP/1.1\r\nHost: shop\r\n"
                            + "Content-Length: 2\r\n\r\n{}").status());
                }
            }
            for (int i = 0; i < 6; i++) {
                try (Client client = new Client(front.port())) {
                    eventStatuses.add(client.send("POST /v1/events?x=1 HTTP/1.1\r\nHost: shop\r\n"
                            + "Content-Length: 2\r\n\r\n{}").status());
                }
            }

            // then: an assign the dropper took is answered 502 and never sent again (it may have been processed);
            // events (client ids, stored once) are replayed on the good instance
            long dropped = assignStatuses.stream().filter(s -> s == 502).count();
            assertThat(dropped).isPositive();
            assertThat(assignStatuses).allMatch(s -> s == 200 || s == 502);
            assertThat(eventStatuses).containsOnly(200);
            assertThat(good.assigns.get()).isEqualTo(6 - dropped);
            assertThat(good.events.get()).isEqualTo(6);
            assertThat(dropper.taken.get()).isGreaterThan((int) dropped); // it took events too: they were replayed
            assertThat(front.stats().retries()).isEqualTo(dropper.taken.get() - dropped);
        }
    }

    @Test
    void shouldAnswerServiceUnavailableWhenNoInstanceIsReady() throws Exception {
        // given an instance that is not ready
        Backend one = backend("one");
        one.ready.set(false);
        Front front = front(LIMITS, one.port());

        // when
        Response r;
        try (Client client = new Client(front.port())) {
            r = client.send("GET /who HTTP/1.1\r\nHost: shop\r\n\r\n");
        }

        // then
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("content-type")).isEqualTo("application/problem+json");
        assertThat(r.body()).contains("\"code\":\"NO_READY_INSTANCE\"");
        assertThat(one.requests.get()).isZero();
    }

    @Test
    void shouldRefuseWhatItCannotForwardUnambiguouslyWithAProblemAndClose() throws Exception {
        // given
        Backend one = backend("one");
        Front front = front(LIMITS, one.port());
        awaitReady(front, 1);
        String[][] cases = {
                {"GET /who HTTP/1.1\r\n\r\n", "400"},                                           // no Host
                {"GET /who HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400"},                    // two Hosts
                {"GET  /who HTTP/1.1\r\nHost: a\r\n\r\n", "400"},                              // two spaces
                {"GET http://evil/ HTTP/1.1\r\nHost: a\r\n\r\n", "400"},                        // absolute form
                {"GET /a\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", "400"},                           // raw non-ASCII
                {"GET /who HTTP/2.0\r\nHost: a\r\n\r\n", "505"},
                {"GET /who HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", "400"},
                {"GET /who HTTP/1.1\r\nHost: a\rX: y\r\n\r\n", "400"},                        // bare CR
                {"GET /who HTTP/1.1\r\nHost: a\r\nX: \u0001\r\n\r\n", "400"},
                {"POST /v1/events HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "411"},
                {"POST /v1/events HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
                        "400"},                                                                // smuggling shape
                {"POST /v1/events HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", "400"},
                {"POST /v1/events HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", "400"},
                {"POST /v1/events HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999\r\n\r\n", "400"},
                {"POST /v1/events HTTP/1.1\r\nHost: a\r\nContent-Length: 1025\r\n\r\n", "413"},
                {"POST /v1/events HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx", "417"},
                {"GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: a\r\n\r\n", "431"},
                {"GET /who HTTP/1.1\r\nHost: a\r\n" + "X: y\r\n".repeat(30) + "\r\n", "431"},
                {"\u0000\u0001\u0002 garbage\r\n\r\n", "400"},
        };

        for (String[] c : cases) {
            // when
            Response r;
            boolean closed;
            try (Client client = new Client(front.port())) {
                r = client.send(c[0]);
                closed = client.closedByPeer();
            }

            // then
            assertThat(r.status()).as(c[0].length() > 80 ? c[0].substring(0, 80) : c[0])
                    .isEqualTo(Integer.parseInt(c[1]));
            assertThat(r.body()).contains("\"status\":" + c[1]).doesNotContain("evil");
            assertThat(closed).as("closed after " + c[1]).isTrue();
        }
        assertThat(one.requests.get()).isZero();
        // and it still serves
        try (Client client = new Client(front.port())) {
            assertThat(client.send("GET /who HTTP/1.1\r\nHost: shop\r\n\r\n").status()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerBadRequestWhenTheClientEndsItsSideInsideARequest() throws Exception {
        // given
        Backend one = backend("one");
        Front front = front(LIMITS, one.port());
        awaitReady(front, 1);

        for (String truncated : new String[] {"POST /v1/events HTTP/1.1\r\nHost: a\r\nContent-Length: 20\r\n\r\n{}",
                "GET /v1/assign HTTP/1.1\r\nHost: a\r\nX-"}) {
            // when the client sends less than it announced and half-closes
            Response r;
            try (Client client = new Client(front.port())) {
                client.write(truncated);
                client.socket.shutdownOutput();
                r = client.read();
            }

            // then it still gets a refusal, and nothing reached the instance
            assertThat(r.status()).isEqualTo(400);
        }
        assertThat(one.requests.get()).isZero();
    }

    @Test
    void shouldRefuseConnectionsBeyondItsBoundWithServiceUnavailable() throws Exception {
        // given a front that holds two connections
        FrontLimits two = new FrontLimits(2, 4096, 20, 1024, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4, Duration.ofMillis(300), Duration.ofMillis(50),
                Duration.ofSeconds(5));
        Backend one = backend("one");
        Front front = front(two, one.port());
        awaitReady(front, 1);
        try (Client a = new Client(front.port()); Client b = new Client(front.port())) {
            assertThat(a.send("GET /who HTTP/1.1\r\nHost: shop\r\n\r\n").status()).isEqualTo(200);
            assertThat(b.send("GET /who HTTP/1.1\r\nHost: shop\r\n\r\n").status()).isEqualTo(200);

            // when
            Response third;
            try (Client c = new Client(front.port())) {
                third = c.send("GET /who HTTP/1.1\r\nHost: shop\r\n\r\n");
            }

            // then
            assertThat(third.status()).isEqualTo(503);
            assertThat(third.body()).contains("TOO_MANY_CONNECTIONS");
            assertThat(a.send("GET /who HTTP/1.1\r\nHost: shop\r\n\r\n").status()).isEqualTo(200);
        }
    }

    // ---- fixtures ----

    private Front front(FrontLimits limits, int... backendPorts) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int p : backendPorts) {
            ports.add(p);
        }
        Front front = Front.start("assignment-service", LOOPBACK, 0, ports, limits, log::add);
        closeables.add(front);
        return front;
    }

    private static void awaitReady(Front front, int... numbers) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int n : numbers) {
                if (!front.isReady(n)) {
                    return false;
                }
            }
            return true;
        });
    }

    private Backend backend(String id) throws IOException {
        Backend b = new Backend(id);
        closeables.add(() -> {
            b.server.stop(0);
            b.executor.shutdownNow();
        });
        return b;
    }

    /** A stand-in instance: readiness, who-am-I, echo, slow, 204; counts what reached it. */
    private static final class Backend {
        final HttpServer server;
        final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger assigns = new AtomicInteger();
        final AtomicInteger events = new AtomicInteger();
        final AtomicBoolean ready = new AtomicBoolean(true);
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final AtomicBoolean slowFinished = new AtomicBoolean();

        Backend(String id) throws IOException {
            server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
            server.createContext("/actuator/health/readiness", x -> answer(x, ready.get() ? 200 : 503,
                    ready.get() ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}", false));
            server.createContext("/", x -> {
                requests.incrementAndGet();
                String path = x.getRequestURI().getPath();
                byte[] in = x.getRequestBody().readAllBytes();
                switch (path) {
                    case "/echo" -> answer(x, 200, x.getRequestMethod() + " " + new String(in,
                            StandardCharsets.UTF_8), true);
                    case "/nothing" -> {
                        x.sendResponseHeaders(204, -1);
                        x.close();
                    }
                    case "/slow" -> {
                        if (id.equals("one")) {
                            slowStarted.countDown();
                            try {
                                Thread.sleep(500);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            slowFinished.set(true); // set just before answering: drain must wait past it
                            answer(x, 200, id, false);
                        } else {
                            answer(x, 200, id, false);
                        }
                    }
                    default -> {
                        if (path.equals("/v1/assign")) {
                            assigns.incrementAndGet();
                        } else if (path.equals("/v1/events")) {
                            events.incrementAndGet();
                        }
                        answer(x, 200, id, false);
                    }
                }
            });
            server.setExecutor(executor);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private static void answer(HttpExchange x, int status, String body, boolean chunked) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = x.getRequestMethod().equals("HEAD");
            x.sendResponseHeaders(status, head ? -1 : chunked ? 0 : bytes.length);
            if (!head) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(bytes);
                }
            }
            x.close();
        }
    }

    /** An instance that answers readiness but reads every other request and hangs up without a byte. */
    private static final class Dropper implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, LOOPBACK);
        final AtomicInteger taken = new AtomicInteger();
        final Thread thread;

        Dropper() throws IOException {
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        InputStream in = new BufferedInputStream(s.getInputStream());
                        HttpHead head = HttpHead.read(in, 8192, 100);
                        int length = head.value("Content-Length").map(Integer::parseInt).orElse(0);
                        in.readNBytes(length);
                        if (head.startLine().startsWith("GET /actuator/health/readiness")) {
                            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close"
                                    + "\r\n\r\n{\"status\":\"UP\"}").getBytes(StandardCharsets.US_ASCII));
                        } else {
                            taken.incrementAndGet();
                        }
                    } catch (IOException | HttpHead.Malformed e) {
                        // next connection
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    record Response(int status, List<String> headers, String body) {
        String header(String name) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return h.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** A raw client: writes bytes as given (ISO-8859-1 for the hostile cases, UTF-8 bodies), reads one answer. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        int connects = 1;
        private String lastMethod = "";

        Client(int port) throws IOException {
            socket = new Socket(LOOPBACK, port);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
        }

        Response send(String request) throws IOException {
            write(request);
            return read();
        }

        void write(String text) throws IOException {
            boolean ascii = text.chars().allMatch(c -> c < 0x80);
            byte[] bytes = text.startsWith("{") || !ascii && !text.contains("HTTP/") ? text.getBytes(
                    StandardCharsets.UTF_8) : text.getBytes(StandardCharsets.ISO_8859_1);
            if (text.contains(" HTTP/")) {
                lastMethod = text.substring(0, Math.max(0, text.indexOf(' ')));
            }
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        Response read() throws IOException {
            String status = line();
            List<String> headers = new ArrayList<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                headers.add(h);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            Response head = new Response(code, headers, "");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (code == 100 || code == 204 || lastMethod.equals("HEAD")) {
                return head;
            }
            if ("chunked".equals(head.header("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else if (head.header("content-length") != null) {
                body.write(in.readNBytes(Integer.parseInt(head.header("content-length"))));
            }
            return new Response(code, headers, body.toString(StandardCharsets.UTF_8));
        }

        boolean closedByPeer() throws IOException {
            return in.read() < 0;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                b.append((char) c);
            }
            if (c < 0 && b.isEmpty()) {
                throw new IOException("closed");
            }
            return b.toString().endsWith("\r") ? b.substring(0, b.length() - 1) : b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
