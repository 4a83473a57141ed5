package dev.ep.assignment.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM's unified GC log ({@code -Xlog:gc*,safepoint:file=...:uptime,tags}) piece by piece: each
 * {@link #sinceLast()} returns the stop-the-world pauses logged since the previous call, so a measured run gets the
 * pauses that happened during it, and a tail in the latency histogram can be set against them.
 */
final class GcLog {

    /** G1: "GC(3) Pause Young (Normal) (G1 Evacuation Pause) 25M->3M(512M) 1.618ms"; ZGC: "GC(0) y: Pause Mark Start 0.010ms". */
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\).*Pause.*?\\s(\\d+(?:\\.\\d+)?)ms\\s*$");
    /** ZGC: "Allocation Stall (http-nio-1) 1.234ms": a thread waited for memory, a pause for that thread. */
    private static final Pattern STALL = Pattern.compile("Allocation Stall \\(.*\\) (\\d+(?:\\.\\d+)?)ms\\s*$");
    /** "Safepoint "G1CollectForAllocation", Time since last: ..., Total: 123456 ns": every stop, GC or not. */
    private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"([^\"]+)\".*Total: (\\d+) ns");

    /**
     * The pauses of one run.
     *
     * @param pauses           GC pauses logged (and ZGC allocation stalls)
     * @param totalMs          their sum
     * @param maxMs            the longest
     * @param maxSafepointMs   the longest stop of the JVM for any reason (GC or other), time to reach it included
     * @param maxSafepointWhat the operation of that stop
     */
    record Pauses(int pauses, double totalMs, double maxMs, double maxSafepointMs, String maxSafepointWhat) {
    }

    private final Path file;
    private long offset;

    GcLog(Path file) {
        this.file = file;
    }

    /** The JVM option that writes this log. */
    String jvmOption() {
        return "-Xlog:gc*,safepoint:file=" + file + ":uptime,tags";
    }

    /** Pauses logged since the previous call (or since the start). */
    Pauses sinceLast() throws IOException {
        if (!Files.exists(file)) {
            return new Pauses(0, 0, 0, 0, "");
        }
        String text;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            byte[] bytes = new byte[(int) Math.max(0, end - offset)];
            in.seek(offset);
            in.readFully(bytes);
            int complete = lastNewline(bytes); // a line still being written is read next time
            offset += complete;
            text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
        }
        int count = 0;
        double total = 0;
        double max = 0;
        double maxSafepoint = 0;
        String what = "";
        for (String line : text.split("\n")) {
            Matcher pause = PAUSE.matcher(line);
            Matcher stall = STALL.matcher(line);
            Matcher hit = pause.find() ? pause : stall.find() ? stall : null;
            if (hit != null) {
                double ms = Double.parseDouble(hit.group(1));
                count++;
                total += ms;
                max = Math.max(max, ms);
            }
            Matcher safepoint = SAFEPOINT.matcher(line);
            if (safepoint.find()) {
                double ms = Long.parseLong(safepoint.group(2)) / 1e6;
                if (ms > maxSafepoint) {
                    maxSafepoint = ms;
                    what = safepoint.group(1);
                }
            }
        }
        return new Pauses(count, round(total), round(max), round(maxSafepoint), what);
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }
}
