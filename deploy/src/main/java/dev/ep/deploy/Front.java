package dev.ep.deploy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A small HTTP/1.1 front on one port that spreads requests over several instances of a service: per request, round
 * robin over the instances that are ready (their readiness endpoint answers UP) and not draining, over keep-alive
 * connections it pools per instance.
 *
 * <p><b>Drain.</b> {@link #drain(int)} takes an instance out before it is stopped: no new request goes to it, the call
 * returns once the requests in flight on it have been answered, and its pooled connections are closed. The launcher
 * drains, then sends SIGTERM; after the restart it {@link #undrain(int) undrains} and waits until the probe sees the
 * new process ready.
 *
 * <p><b>Retries.</b> A request is sent again, to another instance, only when the first cannot have been processed:
 * the connection could not be opened, or writing the request failed. A request that was sent and got no answer (the
 * connection closed or reset before the first byte of a response) is sent again only when a replay cannot count
 * twice: {@code POST /v1/events}, whose client-chosen event ids event-ingest stores once. Any other such request
 * (assign, coverage: each emits events with ids the server makes) is answered 502, so the storefront decides, as it
 * would without a front. A backend that does not answer within the response timeout gives 504, never a retry.
 *
 * <p>Bounded in every dimension ({@link FrontLimits}); a message it cannot forward unambiguously (no or several
 * {@code Content-Length}s, a chunked request body, a bare CR, an oversized head or body) is refused with a 4xx problem
 * and the connection closed. It never answers with a backend's stack trace or echoes client text.
 */
final class Front implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "upgrade", "transfer-encoding", "content-length", "expect");

    private final String name;
    private final FrontLimits limits;
    private final List<Backend> backends;
    private final ServerSocket server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService prober;
    private final Consumer<String> log;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger nextBackend = new AtomicInteger();
    private final Object state = new Object();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean closed;

    /** What the front did so far. */
    record Stats(long retries, List<Long> answeredPerInstance) {
    }

    private Front(String name, ServerSocket server, List<Integer> backendPorts, FrontLimits limits,
                  Consumer<String> log) {
        this.name = name;
        this.limits = limits;
        this.server = server;
        this.log = log;
        List<Backend> list = new ArrayList<>();
        for (int i = 0; i < backendPorts.size(); i++) {
            list.add(new Backend(i + 1, backendPorts.get(i)));
        }
        this.backends = List.copyOf(list);
        this.workers = new ThreadPoolExecutor(0, limits.maxConnections(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon(name + "-front-connection"));
        this.prober = Executors.newSingleThreadScheduledExecutor(daemon(name + "-front-probe"));
    }

    /**
     * Listens on {@code address:port} and forwards to the instances on {@code backendPorts} (instance i on element
     * i-1) of the same address; {@code log} gets a line whenever an instance turns ready or not ready.
     */
    static Front start(String name, InetAddress address, int port, List<Integer> backendPorts, FrontLimits limits,
                       Consumer<String> log) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), limits.maxConnections());
        Front front = new Front(name, server, backendPorts, limits, log);
        Thread acceptor = daemon(name + "-front-accept").newThread(front::acceptLoop);
        acceptor.start();
        front.prober.scheduleWithFixedDelay(front::probeAll, 0, limits.probeInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        return front;
    }

    int port() {
        return server.getLocalPort();
    }

    /** True when instance {@code number} answers ready and takes requests (not draining). */
    boolean isReady(int number) {
        Backend b = backend(number);
        return b.ready && !b.draining;
    }

    /**
     * Stops sending requests to instance {@code number} and waits until those in flight there have been answered.
     *
     * @return true when none was left in flight within the drain timeout
     */
    boolean drain(int number) throws InterruptedException {
        Backend b = backend(number);
        synchronized (state) {
            b.draining = true;
        }
        long deadline = System.nanoTime() + limits.drainTimeout().toNanos();
        while (b.inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        b.closeIdle();
        return b.inFlight.get() == 0;
    }

    /** Lets instance {@code number} take requests again once its readiness answers UP. */
    void undrain(int number) {
        Backend b = backend(number);
        synchronized (state) {
            b.draining = false;
            b.ready = false; // a restarted process is ready only when its probe says so
            state.notifyAll();
        }
    }

    Stats stats() {
        return new Stats(retries.get(), backends.stream().map(b -> b.answered.get()).toList());
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        prober.shutdownNow();
        workers.shutdownNow();
        backends.forEach(Backend::closeIdle);
    }

    private Backend backend(int number) {
        if (number < 1 || number > backends.size()) {
            throw new IllegalArgumentException("no instance " + number + " behind the " + name + " front");
        }
        return backends.get(number - 1);
    }

    // ---- accepting and serving client connections ----

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (openConnections.incrementAndGet() > limits.maxConnections()) {
                openConnections.decrementAndGet();
                refuseBusy(client);
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        serve(client);
                    } finally {
                        openConnections.decrementAndGet();
                        closeQuietly(client);
                    }
                });
            } catch (RejectedExecutionException e) {
                openConnections.decrementAndGet();
                refuseBusy(client);
            }
        }
    }

    private void refuseBusy(Socket client) {
        try {
            client.setSoTimeout(1000);
            OutputStream out = client.getOutputStream();
            out.write(problem(503, "TOO_MANY_CONNECTIONS", "The front holds " + limits.maxConnections()
                    + " connections at most; retry later.", true));
            out.flush();
            lingeringClose(client, 200);
        } catch (IOException e) {
            // the client is gone anyway
        } finally {
            closeQuietly(client);
        }
    }

    private void serve(Socket client) {
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout((int) limits.clientIdle().toMillis());
            InputStream in = new BufferedInputStream(client.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 16 * 1024);
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                FrontRequest request;
                try {
                    request = FrontRequest.read(in, out, limits);
                } catch (HttpHead.Malformed e) {
                    out.write(problem(e.status(), e.code(), e.getMessage(), true));
                    out.flush();
                    lingeringClose(client, 1000);
                    return;
                }
                keepAlive = forward(request, out);
                out.flush();
            }
        } catch (IOException e) {
            // client gone, idle timeout, or a failure after the answer had started: the connection ends here
        }
    }

    /** Forwards one request and writes the answer; returns whether the client connection stays open. */
    private boolean forward(FrontRequest request, OutputStream out) throws IOException {
        Set<Integer> tried = new HashSet<>();
        while (true) {
            Optional<Backend> chosen = choose(tried);
            if (chosen.isEmpty()) {
                boolean none = tried.isEmpty();
                out.write(problem(none ? 503 : 502, none ? "NO_READY_INSTANCE" : "BAD_GATEWAY",
                        none ? "No instance of " + name + " is ready; retry shortly."
                                : "No instance of " + name + " could take the request.", !request.keepAlive()));
                return request.keepAlive();
            }
            Backend backend = chosen.get();
            tried.add(backend.number);
            try {
                Outcome outcome = exchange(backend, request, out);
                switch (outcome) {
                    case ANSWERED:
                        backend.answered.incrementAndGet();
                        return request.keepAlive();
                    case ANSWERED_CLOSE:
                        backend.answered.incrementAndGet();
                        return false;
                    case NOT_SENT:
                        retries.incrementAndGet();
                        continue;
                    case NOT_SENT_REUSED:
                        // a pooled connection the instance had closed: the same instance, on a fresh connection
                        // (the pool is bounded, so this ends)
                        tried.remove(backend.number);
                        retries.incrementAndGet();
                        continue;
                    case NO_ANSWER:
                        if (request.replaySafe()) {
                            retries.incrementAndGet();
                            continue;
                        }
                        out.write(problem(502, "BAD_GATEWAY", "The instance of " + name
                                + " closed the connection without answering; the request may have been processed.",
                                !request.keepAlive()));
                        return request.keepAlive();
                    case TIMED_OUT:
                        out.write(problem(504, "GATEWAY_TIMEOUT", "The instance of " + name + " did not answer within "
                                + limits.responseTimeout().toSeconds() + " s.", !request.keepAlive()));
                        return request.keepAlive();
                    default:
                        throw new IllegalStateException(outcome.toString());
                }
            } finally {
                backend.inFlight.decrementAndGet();
            }
        }
    }

    /** Round robin over ready, undrained instances not tried yet; waits a bounded time when none is ready. */
    private Optional<Backend> choose(Set<Integer> tried) {
        long deadline = System.nanoTime() + limits.awaitInstance().toNanos();
        synchronized (state) {
            while (true) {
                int start = Math.floorMod(nextBackend.getAndIncrement(), backends.size());
                for (int k = 0; k < backends.size(); k++) {
                    Backend b = backends.get((start + k) % backends.size());
                    if (b.ready && !b.draining && !tried.contains(b.number)) {
                        b.inFlight.incrementAndGet();
                        return Optional.of(b);
                    }
                }
                boolean untried = backends.stream().anyMatch(b -> !tried.contains(b.number));
                long left = deadline - System.nanoTime();
                if (!untried || left <= 0 || closed) {
                    return Optional.empty();
                }
                try {
                    state.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    private enum Outcome { ANSWERED, ANSWERED_CLOSE, NOT_SENT, NOT_SENT_REUSED, NO_ANSWER, TIMED_OUT }

    private Outcome exchange(Backend backend, FrontRequest request, OutputStream out) throws IOException {
        BackendConnection connection;
        try {
            connection = backend.borrow(limits);
        } catch (IOException e) {
            backend.markDown(this, "connection refused");
            return Outcome.NOT_SENT;
        }
        try {
            connection.out.write(request.forwardedHead(backend.port));
            connection.out.write(request.body());
            connection.out.flush();
        } catch (IOException e) {
            connection.close();
            return connection.reused ? Outcome.NOT_SENT_REUSED : Outcome.NOT_SENT;
        }
        HttpHead head;
        try {
            do {
                head = HttpHead.read(connection.in, limits.maxHeadBytes(), limits.maxHeaders());
            } while (informational(head));
        } catch (SocketTimeoutException e) {
            connection.close();
            return Outcome.TIMED_OUT;
        } catch (IOException | HttpHead.Malformed e) {
            connection.close();
            return Outcome.NO_ANSWER;
        }
        // From here on the client gets this answer: a failure can only close the client connection.
        int status = status(head);
        boolean bodyless = request.method().equals("HEAD") || status == 204 || status == 304;
        boolean chunked = !bodyless && head.lists("Transfer-Encoding", "chunked");
        long length = -1;
        if (!bodyless && !chunked) {
            List<String> lengths = head.values("Content-Length");
            if (!lengths.isEmpty()) {
                try {
                    length = Long.parseLong(lengths.get(0).strip());
                } catch (NumberFormatException e) {
                    connection.close();
                    out.write(problem(502, "BAD_GATEWAY", "The instance of " + name + " sent an unreadable answer.",
                            true));
                    return Outcome.ANSWERED_CLOSE;
                }
            }
        }
        boolean untilClose = !bodyless && !chunked && length < 0;
        boolean dechunk = chunked && !request.http11();
        boolean closeClient = !request.keepAlive() || untilClose || dechunk;
        StringBuilder response = new StringBuilder(256).append("HTTP/1.1 ").append(head.startLine().substring(9))
                .append("\r\n");
        for (HttpHead.Field f : head.fields()) {
            if (!HOP_BY_HOP.contains(f.name().toLowerCase(Locale.ROOT))) {
                response.append(f.name()).append(": ").append(f.value()).append("\r\n");
            }
        }
        if (chunked && !dechunk) {
            response.append("Transfer-Encoding: chunked\r\n");
        } else if (length >= 0) {
            response.append("Content-Length: ").append(length).append("\r\n");
        }
        if (closeClient) {
            response.append("Connection: close\r\n");
        }
        response.append("\r\n");
        out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
        try {
            if (chunked) {
                relayChunked(connection.in, out, !dechunk);
            } else if (length > 0) {
                copy(connection.in, out, length);
            } else if (untilClose) {
                connection.in.transferTo(out);
            }
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        boolean reusable = !untilClose && !head.lists("Connection", "close");
        if (reusable) {
            backend.giveBack(connection, limits);
        } else {
            connection.close();
        }
        return closeClient ? Outcome.ANSWERED_CLOSE : Outcome.ANSWERED;
    }

    private static boolean informational(HttpHead head) throws IOException {
        int status = status(head);
        if (status == 101) {
            throw new IOException("protocol upgrades are not forwarded");
        }
        return status >= 100 && status < 200;
    }

    private static int status(HttpHead head) throws IOException {
        String line = head.startLine();
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line");
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x status line");
        }
    }

    private void relayChunked(InputStream in, OutputStream out, boolean keepFraming) throws IOException {
        while (true) {
            String sizeLine = asciiLine(in);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size from the backend");
            }
            if (size < 0) {
                throw new IOException("bad chunk size from the backend");
            }
            if (keepFraming) {
                out.write((Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            if (size == 0) {
                // trailers are dropped; the empty line ends the body
                for (String trailer = asciiLine(in); !trailer.isEmpty(); trailer = asciiLine(in)) {
                    // skipped
                }
                if (keepFraming) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                return;
            }
            copy(in, out, size);
            if (!asciiLine(in).isEmpty()) {
                throw new IOException("chunk data longer than its size");
            }
            if (keepFraming) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private String asciiLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(16);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            if (b.length() >= limits.maxHeadBytes()) {
                throw new IOException("chunk line too long");
            }
            b.append((char) c);
        }
        throw new IOException("backend closed inside a chunked body");
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                throw new IOException("backend closed inside a body");
            }
            out.write(buffer, 0, read);
            n -= read;
        }
    }

    // ---- readiness ----

    private void probeAll() {
        for (Backend b : backends) {
            if (closed) {
                return;
            }
            boolean up = probe(b.port);
            synchronized (state) {
                if (up != b.ready) {
                    b.ready = up;
                    log.accept(instanceName(b.number) + (up ? " ready" : " not ready") + " (port " + b.port + ")");
                    state.notifyAll();
                }
            }
        }
    }

    /** GET /actuator/health/readiness over a fresh connection: 200 with status UP. */
    private boolean probe(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getInetAddress(), port),
                    (int) limits.connectTimeout().toMillis());
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /actuator/health/readiness HTTP/1.1\r\nHost: " + Catalog.LOOPBACK + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = socket.getInputStream().readNBytes(64 * 1024);
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int bodyStart = text.indexOf("\r\n\r\n");
            return text.startsWith("HTTP/1.1 200") && bodyStart > 0
                    && HttpHealthProbe.isUp(200, text.substring(bodyStart));
        } catch (IOException e) {
            return false;
        }
    }

    private String instanceName(int number) {
        return number == 1 ? name : name + "-" + number;
    }

    // ---- problems ----

    static byte[] problem(int status, String code, String detail, boolean close) {
        String body = "{\"type\":\"/problems/" + code + "\",\"title\":\"" + reason(status) + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"code\":\"" + code
                + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: " + bytes.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + bytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
        return all;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }

    /**
     * Ends our side, then reads and drops what the client still sends (at most 64 KiB, for at most {@code millis}), so
     * closing with unread bytes does not reset the connection before the client has read our answer.
     */
    private static void lingeringClose(Socket socket, int millis) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[4096];
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            int total = 0;
            while (total < 64 * 1024 && System.nanoTime() < deadline) {
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            // timed out or gone: close now
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- one instance behind the front ----

    private static final class Backend {
        final int number;
        final int port;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong answered = new AtomicLong();
        final java.util.ArrayDeque<BackendConnection> idle = new java.util.ArrayDeque<>();
        volatile boolean ready;
        volatile boolean draining;

        Backend(int number, int port) {
            this.number = number;
            this.port = port;
        }

        BackendConnection borrow(FrontLimits limits) throws IOException {
            long now = System.nanoTime();
            synchronized (idle) {
                while (!idle.isEmpty()) {
                    BackendConnection c = idle.pollLast();
                    if (now - c.idleSince < limits.pooledIdle().toNanos()) {
                        c.reused = true;
                        return c;
                    }
                    c.close();
                }
            }
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        (int) limits.connectTimeout().toMillis());
                socket.setSoTimeout((int) limits.responseTimeout().toMillis());
                return new BackendConnection(socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        void giveBack(BackendConnection c, FrontLimits limits) {
            c.idleSince = System.nanoTime();
            synchronized (idle) {
                if (!draining && idle.size() < limits.maxIdlePerBackend()) {
                    idle.addLast(c);
                    return;
                }
            }
            c.close();
        }

        void closeIdle() {
            synchronized (idle) {
                idle.forEach(BackendConnection::close);
                idle.clear();
            }
        }

        void markDown(Front front, String why) {
            synchronized (front.state) {
                if (ready) {
                    ready = false;
                    front.log.accept(front.instanceName(number) + " not ready (" + why + ", port " + port + ")");
                }
            }
        }
    }

    private static final class BackendConnection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;
        boolean reused;

        BackendConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        void close() {
            closeQuietly(socket);
        }
    }
}
