package dev.ep.assignment.bench;

import dev.ep.testsupport.load.OpenLoop;
import dev.ep.testsupport.load.RawHttpConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator of {@link FloorsBenchmark}, in its own JVM so it can be pinned to one core ({@code taskset -c 1})
 * and its CPU time read apart from the server's and the broker's. An open-loop run of {@code warmup} seconds (not
 * recorded) and then {@code seconds} recorded, at {@code rate} requests per second, over the same {@code connections}
 * keep-alive connections (at most 16, a storefront's pool); latency from each request's intended send time.
 *
 * <p>Arguments: {@code host port path rate warmup seconds connections result.json}. It prints "measuring" when the
 * recorded part starts and "done" when it ends, then waits for a line on its input before it writes the result and
 * exits, so {@link FloorsBenchmark} can read the CPU times of every process, this one included, at both edges.
 */
final class FloorLoad {

    static final int MAX_CONNECTIONS = 16;

    private FloorLoad() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int rate = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int connections = Integer.parseInt(args[6]);
        Path out = Path.of(args[7]);
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("1 to " + MAX_CONNECTIONS + " connections (a storefront's pool)");
        }
        List<byte[]> bodies = bodies(20_000);
        List<RawHttpConnection> pool = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            pool.add(new RawHttpConnection(host, port));
        }
        OpenLoop.Call call = (connection, i) -> connection.post(path, bodies.get((int) (i % bodies.size())));
        OpenLoop.run(pool, rate, warmup, call);
        // the driver samples CPU times and the GC log at these two lines, then lets this JVM exit
        System.out.println("measuring");
        System.out.flush();
        OpenLoop.Result run = OpenLoop.run(pool, rate, seconds, call);
        System.out.println("done");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        int reconnects = 0;
        for (RawHttpConnection connection : pool) {
            reconnects += connection.connects() - 1;
            connection.close();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", run.requests());
        result.put("errors", run.errors());
        result.put("connections", run.connections());
        result.put("reconnects", reconnects);
        result.put("achievedRate", Math.round(run.achievedRate()));
        result.put("p50Ms", run.percentileMs(50));
        result.put("p99Ms", run.percentileMs(99));
        result.put("p999Ms", run.percentileMs(99.9));
        result.put("maxMs", run.maxMs());
        result.put("maxLagMs", OpenLoop.ms(run.maxLagMicros()));
        Files.writeString(out, JsonMapper.builder().build().writeValueAsString(result));
    }

    /** The assign request body the service's HTTP benchmark sends, with distinct session ids. */
    static List<byte[]> bodies(int n) {
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(("{\"sessionId\":\"bench-" + i + "-7f3a9c\",\"page\":\"cart\",\"attributes\":"
                    + "{\"country\":\"DE\",\"cart_value\":42.5,\"device\":\"mobile\",\"tier\":\"gold\"}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }
}
