package dev.ep.assignment.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link AssignBenchmark}'s {@code layered} and {@code naive} measured in CPU time of the measuring thread per
 * operation, for a machine too busy for JMH's wall-clock figures: a thread that waits for a core is not charged, so
 * the figure moves far less with the load (cache and core sharing still move it some). Also bytes allocated per
 * operation. Warm-up, then {@code rounds} rounds of {@code ops} operations each; prints the median and the range of
 * the rounds. Usage (from assignment-service, after {@code bench/run.sh jmh} built the classpath file):
 *
 * <pre>{@code java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
 *     dev.ep.assignment.bench.AssignBenchmarkCpu experiments=1000 rules=shared,own rounds=15}</pre>
 *
 * With {@code compile=true}, {@code compile} (a whole snapshot, the feed thread's cost) instead, 4 per round, and then
 * the heap a compiled snapshot retains: 20 snapshots kept alive, heap used after a full collection, minus the heap
 * used without them, divided by 20.
 * Only public members of {@link AssignBenchmark} are used, and {@code rules} only by reflection when given, so the
 * same class also runs against an older build's classes put after it on the class path.
 */
public final class AssignBenchmarkCpu {

    private AssignBenchmarkCpu() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sizes = List.of("100", "1000");
        List<String> rules = List.of("shared");
        int rounds = 15;
        int ops = 20_000;
        boolean compile = false;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "experiments" -> sizes = List.of(kv[1].split(","));
                case "rules" -> rules = List.of(kv[1].split(","));
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "ops" -> ops = Integer.parseInt(kv[1]);
                case "compile" -> compile = Boolean.parseBoolean(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        for (String size : sizes) {
            for (String rule : rules) {
                AssignBenchmark bench = new AssignBenchmark();
                bench.experiments = Integer.parseInt(size);
                if (!rule.equals("-")) {
                    AssignBenchmark.class.getField("rules").set(bench, rule);
                }
                bench.setUp();
                if (compile) {
                    report("compile", size, rule, measure(bench::compile, rounds, 4));
                    System.out.printf(Locale.ROOT, "retained experiments=%-5s rules=%-6s %.2f MB per snapshot%n",
                            size, rule, retainedBytes(bench) / 1e6);
                    continue;
                }
                report("layered", size, rule, measure(bench::layered, rounds, ops));
                report("naive", size, rule, measure(bench::naive, rounds, ops / 10));
            }
        }
    }

    /** The heap one compiled snapshot retains (the log it is compiled from is not counted). */
    private static double retainedBytes(AssignBenchmark bench) {
        int count = 20;
        long without = usedAfterGc();
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            kept.add(bench.compile());
        }
        long with = usedAfterGc();
        if (kept.size() != count) {
            throw new IllegalStateException();
        }
        return (with - without) / (double) count;
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Per round: {cpu ns/op, wall ns/op, bytes/op}. */
    private static double[][] measure(Supplier<Object> op, int rounds, int ops) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        Object sink = null;
        for (int i = 0; i < ops * 10; i++) {
            sink = op.get();
        }
        double[][] result = new double[rounds][];
        for (int r = 0; r < rounds; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            long bytes = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < ops; i++) {
                sink = op.get();
            }
            result[r] = new double[] {(threads.getCurrentThreadCpuTime() - cpu) / (double) ops,
                (System.nanoTime() - wall) / (double) ops, (threads.getThreadAllocatedBytes(id) - bytes) / (double) ops};
        }
        if (sink == null) {
            throw new IllegalStateException();
        }
        return result;
    }

    private static void report(String name, String size, String rules, double[][] rounds) {
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            double[] values = new double[rounds.length];
            for (int r = 0; r < rounds.length; r++) {
                values[r] = rounds[r][c];
            }
            Arrays.sort(values);
            columns.add(String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", values[values.length / 2], values[0],
                    values[values.length - 1]));
        }
        System.out.printf(Locale.ROOT, "%-8s experiments=%-5s rules=%-6s cpu ns/op %s  wall ns/op %s  B/op %s%n", name,
                size, rules, columns.get(0), columns.get(1), columns.get(2));
    }
}
