package dev.ep.simulator.ledger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger file: JSON lines, the {@link RunHeader} first, then one {@link LedgerEntry} per call, each line
 * written and flushed to the operating system as the call completes (a crashed run keeps everything up to its last
 * call). Bound: {@code maxBytes}; once reached, {@link #full()} is true and the run starts no new session, so the
 * file exceeds the bound by at most the calls of the sessions already running (each at most
 * {@code maxPagesPerSession} × 3 lines); the end line records that the run was cut short.
 */
public final class FileLedger implements Ledger {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final BufferedWriter out;
    private final long maxBytes;
    private long bytes;
    private long seq;
    private boolean closed;

    public FileLedger(Path file, RunHeader header, long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("ledger bound must be at least 1 KiB");
        }
        this.maxBytes = maxBytes;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            line(JSON.writeValueAsString(header));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ledger " + file, e);
        }
    }

    @Override
    public synchronized void append(LedgerEntry entry) {
        if (closed) {
            throw new IllegalStateException("ledger closed");
        }
        seq++;
        try {
            line(JSON.writeValueAsString(entry.withSeq(seq)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the ledger", e);
        }
    }

    private void line(String json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
        bytes += json.getBytes(StandardCharsets.UTF_8).length + 1L;
    }

    @Override
    public synchronized boolean full() {
        return bytes >= maxBytes;
    }

    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (bytes >= maxBytes) {
                out.write("{\"truncated\":true,\"maxBytes\":" + maxBytes + "}\n");
            }
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the ledger", e);
        }
    }
}
