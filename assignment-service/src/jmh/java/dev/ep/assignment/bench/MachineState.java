package dev.ep.assignment.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the machine was doing around a measurement, read from Linux's {@code /proc}: the load average, the CPU time
 * of the whole machine and of single processes. A run is "busy" when the 1-minute load average before it exceeds the
 * core count: other work then competed for the cores and a tail may be theirs, not the server's.
 */
final class MachineState {

    /** Linux reports CPU times in clock ticks of 1/100 s ({@code getconf CLK_TCK} = 100 on x86-64 and arm64). */
    private static final double TICKS_PER_SECOND = 100.0;

    private MachineState() {
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            throw new IllegalStateException("no /proc/loadavg: the floors benchmark needs Linux", e);
        }
    }

    /** CPU seconds (user + system) the whole machine has spent busy since boot, all cores together. */
    static double machineCpuSeconds() {
        try {
            // "cpu user nice system idle iowait irq softirq steal ...": busy = all but idle and iowait
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            long[] f = Arrays.stream(first.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
            return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("no /proc/stat: the floors benchmark needs Linux", e);
        }
    }

    /** CPU seconds (user + system, all threads) of one process since it started; 0 once it has exited. */
    static double processCpuSeconds(long pid) {
        try {
            return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime of a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} line, in seconds. */
    private static double cpuSeconds(String stat) {
        // the command name (2nd field) may hold spaces: count the fields after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime (fields 14, 15)
    }

    /**
     * CPU seconds of one process's threads since they started, summed by thread family: the thread's name as Linux
     * keeps it (its first 15 characters) with its digits replaced by {@code N} ({@code reactor-http-epoll-3} →
     * {@code reactor-http-ep}, {@code C2 CompilerThread0} → {@code CN CompilerThre}). Threads that ended in between are
     * not counted; empty once the process has exited.
     */
    static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> families = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    families.merge(name, cpuSeconds(stat), Double::sum);
                } catch (IOException e) {
                    // the thread ended while being read
                }
            });
        } catch (IOException e) {
            return families;
        }
        return families;
    }

    /** The process whose command line contains {@code marker} (e.g. a broker's own data directory). */
    static Optional<Long> pidOf(String marker) {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).contains(marker);
            } catch (IOException e) {
                return false;
            }
        }).filter(pid -> pid != ProcessHandle.current().pid()).findFirst();
    }
}
