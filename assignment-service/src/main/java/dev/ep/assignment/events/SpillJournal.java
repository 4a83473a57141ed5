package dev.ep.assignment.events;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, durable, append-only FIFO of events that could not be handed to Kafka. Plain Java (no Kafka imports).
 *
 * <p>Layout: segment files {@code segment-<n>.log} (a new one when the current one passes {@code segmentBytes}) of
 * frames {@code [int length][int crc32c][long appendedAtMillis][payload]}, where the CRC covers the time and the
 * payload; and a {@code checkpoint} file ({@code <segment> <offset>}, replaced atomically) marking the first frame
 * not yet acknowledged. Fully acknowledged segments are deleted.
 *
 * <p>Durability (group commit): {@link #append} writes to the file (the OS page cache) at once, so a process crash
 * loses nothing appended; {@link #sync} ({@code fsync}) runs on a timer, every {@code fsync-interval} (50 ms by
 * default), only when something was appended, and at {@link #close}. An operating-system crash or power loss can
 * therefore lose at most the last interval of spilled events. On open, a torn frame at the end of the last segment
 * (crash mid-write) is cut off; a corrupt frame elsewhere ends that segment's readable part (logged).
 *
 * <p>Thread-safe: request threads, the producer's callback thread and the drainer call it concurrently. Files are
 * read and written with stream I/O ({@link FileOutputStream}, {@link RandomAccessFile}), never with a
 * {@link FileChannel}: a channel is closed for good when a thread is interrupted while using it, and the sender
 * thread is interrupted at shutdown, exactly when the journal must keep taking events.
 */
public final class SpillJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpillJournal.class);
    static final int HEADER = 4 + 4 + 8;
    static final int MAX_PAYLOAD = 8 * 1024 * 1024;

    /** One pending entry. */
    public record Entry(byte[] payload, Instant appendedAt) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final Clock clock;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private FileOutputStream tail;
    private long tailSize;
    private long tailSegment;
    private long readSegment;
    private long readOffset;
    private long pendingEntries;
    private long pendingBytes;
    private Instant oldest;
    private boolean dirty;
    private boolean closed;

    public SpillJournal(Path dir, long segmentBytes, Clock clock) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        Files.createDirectories(dir);
        recover();
    }

    // ----------------------------------------------------------------------------------------------- writing

    /** Appends one payload at the end of the journal. */
    public synchronized void append(byte[] payload) {
        if (closed) {
            throw new IllegalStateException("journal closed");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        try {
            if (tailSize >= segmentBytes) {
                roll();
            }
            long now = clock.millis();
            ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
            frame.putInt(payload.length).putInt(crc(now, payload)).putLong(now).put(payload);
            tail.write(frame.array());
            tailSize += frame.capacity();
            dirty = true;
            pendingEntries++;
            pendingBytes += HEADER + payload.length;
            if (oldest == null) {
                oldest = Instant.ofEpochMilli(now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the spill journal in " + dir, e);
        }
    }

    /** fsyncs what was appended since the last sync (the group commit); cheap when nothing was. */
    public synchronized void sync() {
        if (!dirty || closed) {
            return;
        }
        try {
            tail.getFD().sync();
            dirty = false;
        } catch (IOException e) {
            LOG.error("fsync of the spill journal in {} failed", dir, e);
        }
    }

    // ----------------------------------------------------------------------------------------------- reading

    /** Up to {@code max} entries from the head, oldest first, without removing them. */
    public synchronized List<Entry> peek(int max) {
        List<Entry> entries = new ArrayList<>();
        walk(max, entries);
        return entries;
    }

    /** Removes the first {@code count} entries (those a {@link #peek} returned and Kafka acknowledged). */
    public synchronized void acknowledge(int count) {
        List<Entry> removed = new ArrayList<>();
        long[] cursor = walk(count, removed);
        if (removed.size() < count) {
            throw new IllegalStateException("acknowledging " + count + " entries, the journal holds " + removed.size());
        }
        readSegment = cursor[0];
        readOffset = cursor[1];
        for (Entry e : removed) {
            pendingEntries--;
            pendingBytes -= HEADER + e.payload().length;
        }
        try {
            writeCheckpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill journal checkpoint in " + dir, e);
        }
        deleteAcknowledgedSegments();
        List<Entry> head = peek(1);
        oldest = head.isEmpty() ? null : head.get(0).appendedAt();
        if (head.isEmpty()) {
            pendingEntries = 0;
            pendingBytes = 0;
        }
    }

    /**
     * Reads up to {@code max} readable frames from the read cursor into {@code out}; returns the cursor
     * {@code {segment, offset}} after them (moved past the end of a finished, non-tail segment).
     */
    private long[] walk(int max, List<Entry> out) {
        long segment = readSegment;
        long offset = readOffset;
        try {
            while (true) {
                Path file = segments.get(segment);
                if (file != null) {
                    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                        long size = in.length();
                        while (out.size() < max && offset + HEADER <= size) {
                            Frame frame = readFrame(in, offset, size);
                            if (frame == null) {
                                offset = size; // unreadable rest of a segment (reported at recovery)
                                break;
                            }
                            out.add(new Entry(frame.payload, Instant.ofEpochMilli(frame.time)));
                            offset += HEADER + frame.payload.length;
                        }
                        if (offset + HEADER > size && segment < tailSegment) {
                            offset = size;
                        }
                        if (out.size() >= max && offset < size) {
                            return new long[] {segment, offset};
                        }
                    }
                }
                if (segment >= tailSegment) {
                    return new long[] {segment, offset};
                }
                segment = nextSegment(segment);
                offset = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spill journal in " + dir, e);
        }
    }

    public synchronized long pendingEntries() {
        return pendingEntries;
    }

    /** Bytes of pending frames (headers included). */
    public synchronized long pendingBytes() {
        return pendingBytes;
    }

    /** When the oldest pending entry was appended. */
    public synchronized Optional<Instant> oldest() {
        return Optional.ofNullable(oldest);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        sync();
        closed = true;
        try {
            tail.close();
        } catch (IOException e) {
            LOG.warn("closing the spill journal in {} failed", dir, e);
        }
    }

    // ----------------------------------------------------------------------------------------------- internals

    private record Frame(long time, byte[] payload) {
    }

    /** The frame at {@code offset}, or {@code null} when it is torn or corrupt. */
    private static Frame readFrame(RandomAccessFile file, long offset, long size) throws IOException {
        byte[] headerBytes = new byte[HEADER];
        file.seek(offset);
        file.readFully(headerBytes);
        ByteBuffer header = ByteBuffer.wrap(headerBytes);
        int length = header.getInt();
        int crc = header.getInt();
        long time = header.getLong();
        if (length < 0 || length > MAX_PAYLOAD || offset + HEADER + length > size) {
            return null;
        }
        byte[] bytes = new byte[length];
        file.readFully(bytes);
        return crc(time, bytes) == crc ? new Frame(time, bytes) : null;
    }

    private static int crc(long time, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, time));
        crc.update(payload);
        return (int) crc.getValue();
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().matches("segment-\\d{20}\\.log"))
                    .forEach(f -> segments.put(Long.parseLong(f.getFileName().toString().substring(8, 28)), f));
        }
        Path checkpoint = dir.resolve("checkpoint");
        if (Files.exists(checkpoint)) {
            String[] parts = Files.readString(checkpoint, StandardCharsets.US_ASCII).trim().split(" ");
            readSegment = Long.parseLong(parts[0]);
            readOffset = Long.parseLong(parts[1]);
        } else {
            readSegment = segments.isEmpty() ? 0 : segments.firstKey();
            readOffset = 0;
        }
        segments.headMap(readSegment).values().forEach(SpillJournal::deleteQuietly);
        segments.headMap(readSegment).clear();
        for (var segment : segments.entrySet()) {
            boolean last = segment.getKey().equals(segments.lastKey());
            long start = segment.getKey() == readSegment ? readOffset : 0;
            try (RandomAccessFile in = new RandomAccessFile(segment.getValue().toFile(), "rw")) {
                long size = in.length();
                long offset = start;
                while (offset + HEADER <= size) {
                    Frame frame = readFrame(in, offset, size);
                    if (frame == null) {
                        break;
                    }
                    pendingEntries++;
                    pendingBytes += HEADER + frame.payload.length;
                    if (oldest == null) {
                        oldest = Instant.ofEpochMilli(frame.time);
                    }
                    offset += HEADER + frame.payload.length;
                }
                if (offset < size) {
                    if (last) {
                        LOG.warn("Cutting a torn frame at the end of {} (offset {}, {} bytes)", segment.getValue(),
                                offset, size - offset);
                        in.setLength(offset);
                        in.getFD().sync();
                    } else {
                        LOG.error("Corrupt frame in {} at offset {}: the rest of the segment ({} bytes) is unreadable",
                                segment.getValue(), offset, size - offset);
                    }
                }
            }
        }
        tailSegment = segments.isEmpty() ? Math.max(readSegment, 0) : segments.lastKey();
        if (segments.isEmpty()) {
            readSegment = tailSegment;
            readOffset = 0;
            segments.put(tailSegment, segmentPath(tailSegment));
        }
        openTail();
        if (pendingEntries > 0) {
            LOG.info("Spill journal {} holds {} pending events ({} bytes) to drain", dir, pendingEntries, pendingBytes);
        }
    }

    private void roll() throws IOException {
        tail.getFD().sync();
        tail.close();
        tailSegment++;
        segments.put(tailSegment, segmentPath(tailSegment));
        openTail();
        dirty = false;
    }

    private void openTail() throws IOException {
        File file = segments.get(tailSegment).toFile();
        tail = new FileOutputStream(file, true);
        tailSize = file.length();
    }

    private long nextSegment(long segment) {
        Long next = segments.higherKey(segment);
        return next == null ? tailSegment + 1 : next;
    }

    private Path segmentPath(long n) {
        return dir.resolve(String.format("segment-%020d.log", n));
    }

    private void writeCheckpoint() throws IOException {
        Path temp = dir.resolve("checkpoint.tmp");
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            out.write((readSegment + " " + readOffset + "\n").getBytes(StandardCharsets.US_ASCII));
            out.getFD().sync();
        }
        try {
            Files.move(temp, dir.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, dir.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void deleteAcknowledgedSegments() {
        var done = segments.headMap(readSegment);
        done.values().forEach(SpillJournal::deleteQuietly);
        done.clear();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete acknowledged journal segment {}", file, e);
        }
    }
}
