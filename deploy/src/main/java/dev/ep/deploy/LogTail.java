package dev.ep.deploy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The last lines of a (possibly large) log file, for failure reports. */
final class LogTail {

    private static final int MAX_BYTES = 256 * 1024;
    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at .*|\\.\\.\\. \\d+ more|\\.\\.\\. \\d+ common frames omitted)");

    private LogTail() {
    }

    static List<String> lastLines(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] buffer = new byte[size];
            in.seek(length - size);
            in.readFully(buffer);
            return lastLines(new String(buffer, StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }

    /**
     * The last {@code lines} lines, stack frames left out: a failed Spring Boot start ends in hundreds of
     * {@code at ...} lines, and the {@code Caused by:} lines above them are what tells the cause.
     */
    static List<String> lastLines(String text, int lines) {
        List<String> all = Arrays.stream(text.split("\\R")).filter(line -> !STACK_FRAME.matcher(line).matches()).toList();
        return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
