package dev.ep.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's mailbox, {@code run/control/}: {@code ./platform restart} writes {@code <id>.request} (through a
 * temporary name and a rename, so the launcher never reads half a file), the launcher answers in
 * {@code <id>.response}: first line {@code ok} or {@code error}, then what it did. Bounded: at most
 * {@value #MAX_PER_PASS} requests are taken per pass (the rest wait for the next), a request larger than {@link ControlRequest#MAX_BYTES} or with
 * an id outside {@link ControlRequest#ID} is deleted unanswered, and answers nobody collected are deleted after
 * {@link #ANSWER_EXPIRY}; the directory is emptied at every start.
 */
final class ControlDirectory {

    static final int MAX_PER_PASS = 16;
    static final Duration ANSWER_EXPIRY = Duration.ofHours(1);
    static final String REQUEST = ".request";
    static final String RESPONSE = ".response";

    /** A request taken from the directory (its file already deleted). */
    record Pending(String id, ControlRequest request) {
    }

    private final Path dir;

    ControlDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates the directory, owner-only where the file system allows, and removes whatever an earlier run left. */
    void reset() throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The next requests, oldest name first; each file is deleted as it is taken. */
    List<Pending> take(Instant now) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.endsWith(RESPONSE) && expired(p, now)) {
                    Files.deleteIfExists(p);
                } else if (name.endsWith(REQUEST)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        files.sort(null);
        List<Pending> pending = new ArrayList<>();
        for (Path p : files) {
            if (pending.size() == MAX_PER_PASS) {
                break;
            }
            String name = p.getFileName().toString();
            String id = name.substring(0, name.length() - REQUEST.length());
            try {
                boolean usable = ControlRequest.ID.matcher(id).matches() && Files.isRegularFile(p)
                        && Files.size(p) <= ControlRequest.MAX_BYTES;
                String text = usable ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : null;
                Files.deleteIfExists(p);
                if (usable) {
                    pending.add(new Pending(id, ControlRequest.parse(text)));
                }
            } catch (IOException e) {
                // gone meanwhile or unreadable: nothing to answer
            }
        }
        return pending;
    }

    /** Writes the answer atomically. */
    void answer(String id, boolean ok, String text) {
        Path target = dir.resolve(id + RESPONSE);
        Path temporary = dir.resolve(id + RESPONSE + ".tmp");
        try {
            Files.writeString(temporary, (ok ? "ok" : "error") + "\n" + text + (text.endsWith("\n") ? "" : "\n"),
                    StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the caller times out and says so
        }
    }

    private static boolean expired(Path p, Instant now) throws IOException {
        return Files.getLastModifiedTime(p).toInstant().plus(ANSWER_EXPIRY).isBefore(now);
    }
}
