package dev.ep.assignment.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM's unified GC log ({@code -Xlog:gc*,safepoint:file=...:uptime,tags}) piece by piece: each
 * {@link #sinceLast()} returns the stop-the-world pauses logged since the previous call, so a measured run gets the
 * pauses that happened during it, and a tail in the latency histogram can be set against them. For the memory
 * benchmark, {@link #oldAfterEachGc} reads G1's old-generation occupancy after every collection.
 */
final class GcLog {

    /** G1 at start: "Heap Region Size: 1M". */
    private static final Pattern REGION_SIZE = Pattern.compile("Heap Region Size: (\\d+)([KMG])");
    /** G1 after a collection: "[12.345s][gc,heap     ] GC(5) Old regions: 3->4" (and "Humongous regions: 0->0"). */
    private static final Pattern REGIONS = Pattern.compile(
            "^\\[(\\d+(?:\\.\\d+)?)s\\].*GC\\((\\d+)\\) (Old|Humongous) regions: \\d+->(\\d+)");
    /** G1's summary line of a collection, which names it: "GC(5) Pause Full (System.gc()) 40M->31M(512M) 80.1ms". */
    private static final Pattern SUMMARY = Pattern.compile("GC\\((\\d+)\\) (Pause .*?) \\d+[KMG]->\\d+[KMG]\\(");

    /**
     * G1's old generation right after one collection.
     *
     * @param uptimeSeconds the JVM's uptime when the collection ended
     * @param gc            the collection's number
     * @param pause         what it was ("Pause Young (Normal) (G1 Evacuation Pause)", "Pause Full (System.gc())")
     * @param oldMb         old and humongous regions in use after it, in MiB
     */
    record OldGen(double uptimeSeconds, int gc, String pause, double oldMb) {

        /** A full collection compacts the whole heap: what is left in the old generation is live. */
        boolean full() {
            return pause.startsWith("Pause Full");
        }
    }

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

    /** The whole log as it is now (independent of {@link #sinceLast()}); empty when it does not exist yet. */
    String readAll() throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /**
     * G1's old-generation occupancy (old + humongous regions × region size) after each collection of a log written
     * with {@code -Xlog:gc*}, in log order. Collections whose region lines are missing (a log cut short) are left out;
     * a log of another collector gives an empty list.
     */
    static List<OldGen> oldAfterEachGc(String text) {
        double regionMb = 0;
        Map<Integer, double[]> regions = new TreeMap<>(); // gc -> {uptime, old regions, humongous regions}
        Map<Integer, String> pauses = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher size = REGION_SIZE.matcher(line);
            if (regionMb == 0 && size.find()) {
                double n = Double.parseDouble(size.group(1));
                regionMb = switch (size.group(2)) {
                    case "K" -> n / 1024;
                    case "G" -> n * 1024;
                    default -> n;
                };
                continue;
            }
            Matcher r = REGIONS.matcher(line);
            if (r.find()) {
                double[] v = regions.computeIfAbsent(Integer.parseInt(r.group(2)), k -> new double[] {0, -1, -1});
                v[0] = Double.parseDouble(r.group(1));
                v[r.group(3).equals("Old") ? 1 : 2] = Double.parseDouble(r.group(4));
                continue;
            }
            Matcher summary = SUMMARY.matcher(line);
            if (summary.find()) {
                pauses.put(Integer.parseInt(summary.group(1)), summary.group(2).trim());
            }
        }
        if (regionMb == 0) {
            return List.of();
        }
        List<OldGen> samples = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : regions.entrySet()) {
            double[] v = e.getValue();
            if (v[1] >= 0 && v[2] >= 0) {
                samples.add(new OldGen(v[0], e.getKey(), pauses.getOrDefault(e.getKey(), "Pause"),
                        (v[1] + v[2]) * regionMb));
            }
        }
        return samples;
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
