package dev.ep.assignment.events;

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
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, durable, bounded, append-only FIFO of events that could not be handed to Kafka. Plain Java (no Kafka
 * imports).
 *
 * <p>Layout: segment files {@code segment-<n>.log} (a new one when the current one passes {@code segmentBytes}) of
 * frames {@code [int length][int crc32c][long appendedAtMillis][payload]}, where the CRC covers the time and the
 * payload; and a {@code checkpoint} file ({@code <segment> <offset>}, replaced atomically, the directory fsynced after
 * the rename) marking the first frame not yet acknowledged. Fully acknowledged segments are deleted.
 *
 * <p>Durability (group commit): {@link #append} writes to the file (the OS page cache) at once, so a process crash
 * loses nothing appended; {@link #sync} ({@code fsync}) runs on a timer, every {@code fsync-interval} (50 ms by
 * default), only when something was appended, and at {@link #close}. An operating-system crash or power loss can
 * therefore lose at most the last interval of spilled events.
 *
 * <p>Disk faults. An append that returned is readable: an append whose write fails (disk full, I/O error) cuts the
 * segment back to the last whole frame and throws; if even that cut fails, the segment is closed for writing and the
 * next append starts a new one, so nothing is ever written behind a partial frame. A failure to start a new segment
 * (file creation fails, disk full) leaves the current one in use and is retried at the next append. Readers step over
 * a frame that does not check out (bit rot, a partial frame left by a failed cut) by searching for the next frame whose
 * checksum matches, so a damaged frame never hides the valid frames after it; each damaged region is logged once. On
 * open, a partial frame at the very end of the last segment (a crash mid-write) is cut off.
 *
 * <p>Bound: at most {@code maxBytes} of pending frames; beyond it {@link #append} throws {@link JournalFullException}
 * (the caller's policy: {@link EventPublisher} drops and counts the event and reports the journal DOWN).
 *
 * <p>Thread-safe: request threads, the producer's callback thread and the drainer call it concurrently.
 */
public final class SpillJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpillJournal.class);
    static final int HEADER = 4 + 4 + 8;
    static final int MAX_PAYLOAD = 8 * 1024 * 1024;

    /** One pending entry. */
    public record Entry(byte[] payload, Instant appendedAt) {
    }

    /** The journal already holds its maximum size; nothing was written. */
    public static final class JournalFullException extends RuntimeException {
        JournalFullException(long pending, long max) {
            super("spill journal full: " + pending + " bytes pending, at most " + max);
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private final long maxBytes;
    private final Clock clock;
    private final SegmentFile.Opener files;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final Set<String> reportedDamage = new HashSet<>();
    private SegmentFile tail;
    private long tailSize;
    private long tailSegment;
    /** The tail may end in a partial frame (a failed cut): the next append must start a new segment. */
    private boolean tailBroken;
    private long readSegment;
    private long readOffset;
    private long pendingEntries;
    private long pendingBytes;
    private long unreadableEntries;
    private Instant oldest;
    private boolean dirty;
    private boolean syncFailing;
    /** An append was refused at the cap, and nothing was acknowledged since. */
    private boolean full;
    private boolean closed;

    public SpillJournal(Path dir, long segmentBytes, Clock clock) throws IOException {
        this(dir, segmentBytes, Long.MAX_VALUE, clock);
    }

    /** @param maxBytes the most pending bytes (frames with headers) the journal holds */
    public SpillJournal(Path dir, long segmentBytes, long maxBytes, Clock clock) throws IOException {
        this(dir, segmentBytes, maxBytes, clock, SegmentFile.DISK);
    }

    SpillJournal(Path dir, long segmentBytes, long maxBytes, Clock clock, SegmentFile.Opener files)
            throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.files = files;
        Files.createDirectories(dir);
        recover();
    }

    // ----------------------------------------------------------------------------------------------- writing

    /**
     * Appends one payload at the end of the journal. When it returns, the entry is readable; when it throws, nothing of
     * it is (an {@link UncheckedIOException} for a disk fault, {@link JournalFullException} at the size cap).
     */
    public synchronized void append(byte[] payload) {
        if (closed) {
            throw new IllegalStateException("journal closed");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        if (pendingBytes + HEADER + payload.length > maxBytes) {
            full = true;
            throw new JournalFullException(pendingBytes, maxBytes);
        }
        if (tailBroken || tailSize >= segmentBytes) {
            roll();
        }
        long now = clock.millis();
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
        frame.putInt(payload.length).putInt(crc(now, payload)).putLong(now).put(payload);
        try {
            tail.write(frame.array());
        } catch (IOException e) {
            try {
                tail.truncate(tailSize);
            } catch (IOException cut) {
                tailBroken = true; // a partial frame may stay: never write behind it
                e.addSuppressed(cut);
            }
            throw new UncheckedIOException("cannot append to the spill journal in " + dir + ": " + e.getMessage(), e);
        }
        tailSize += frame.capacity();
        dirty = true;
        pendingEntries++;
        pendingBytes += HEADER + payload.length;
        if (oldest == null) {
            oldest = Instant.ofEpochMilli(now);
        }
    }

    /** fsyncs what was appended since the last sync (the group commit); cheap when nothing was. */
    public synchronized void sync() {
        if (!dirty || closed) {
            return;
        }
        try {
            tail.sync();
            dirty = false;
            if (syncFailing) {
                syncFailing = false;
                LOG.info("fsync of the spill journal in {} works again", dir);
            }
        } catch (IOException e) {
            if (!syncFailing) {
                syncFailing = true; // once per outage, not every interval
                LOG.error("fsync of the spill journal in {} failed ({}); retrying every interval, logged again only "
                        + "after it recovered", dir, e.toString());
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- reading

    /** Up to {@code max} entries from the head, oldest first, without removing them. */
    public synchronized List<Entry> peek(int max) {
        List<Entry> entries = new ArrayList<>();
        walk(max, entries);
        if (entries.isEmpty() && pendingEntries > 0) {
            forgetUnreadable();
        }
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
        full &= removed.isEmpty();
        try {
            writeCheckpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill journal checkpoint in " + dir, e);
        }
        deleteAcknowledgedSegments();
        List<Entry> head = new ArrayList<>(1);
        walk(1, head);
        oldest = head.isEmpty() ? null : head.get(0).appendedAt();
        if (head.isEmpty() && pendingEntries > 0) {
            forgetUnreadable();
        }
    }

    /**
     * The count says entries are pending but none is readable: they were in a damaged region (already logged). Counted
     * as unreadable (a metric), so that the counters, health and the sender agree with the files again.
     */
    private void forgetUnreadable() {
        LOG.error("Spill journal {}: {} pending entries ({} bytes) are unreadable (damaged frames) and counted as lost",
                dir, pendingEntries, pendingBytes);
        unreadableEntries += pendingEntries;
        pendingEntries = 0;
        pendingBytes = 0;
        oldest = null;
    }

    /**
     * Reads up to {@code max} readable frames from the read cursor into {@code out}; returns the cursor
     * {@code {segment, offset}} after them (moved past the end of a finished, non-tail segment). Damaged frames are
     * stepped over to the next frame that checks out.
     */
    private long[] walk(int max, List<Entry> out) {
        long segment = readSegment;
        long offset = readOffset;
        try {
            while (true) {
                Path file = segments.get(segment);
                if (file != null) {
                    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                        long size = segment == tailSegment ? Math.min(in.length(), tailSize) : in.length();
                        while (out.size() < max && offset + HEADER <= size) {
                            Frame frame = readFrame(in, offset, size);
                            if (frame == null) {
                                long next = nextFrame(in, offset, size);
                                reportDamage(file, offset, next);
                                offset = next;
                                continue;
                            }
                            out.add(new Entry(frame.payload, Instant.ofEpochMilli(frame.time)));
                            offset += HEADER + frame.payload.length;
                        }
                        if (offset + HEADER > size && segment < tailSegment) {
                            offset = in.length();
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

    /** The size cap. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Whether an append was refused at the cap and nothing was acknowledged since. */
    public synchronized boolean full() {
        return full;
    }

    /** Entries counted as pending that turned out unreadable (damaged frames), since the start. */
    public synchronized long unreadableEntries() {
        return unreadableEntries;
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
            LOG.warn("closing the spill journal in {} failed: {}", dir, e.toString());
        }
    }

    // ----------------------------------------------------------------------------------------------- internals

    private record Frame(long time, byte[] payload) {
    }

    /** The frame at {@code offset}, or {@code null} when it is partial or corrupt. */
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

    /**
     * The offset of the first frame after the damaged one at {@code from} whose length fits and whose checksum matches,
     * or {@code size} when there is none. Only reached for damage, so the rest of the segment is scanned in memory.
     */
    private static long nextFrame(RandomAccessFile file, long from, long size) throws IOException {
        int length = (int) (size - from);
        byte[] rest = new byte[length];
        file.seek(from);
        file.readFully(rest);
        ByteBuffer buffer = ByteBuffer.wrap(rest);
        for (int p = 1; p + HEADER <= length; p++) {
            int payload = buffer.getInt(p);
            if (payload < 0 || payload > MAX_PAYLOAD || p + HEADER + (long) payload > length) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(rest, p + 8, 8 + payload);
            if ((int) crc.getValue() == buffer.getInt(p + 4)) {
                return from + p;
            }
        }
        return size;
    }

    private void reportDamage(Path file, long from, long to) {
        if (reportedDamage.add(file.getFileName() + "@" + from)) {
            LOG.error("Damaged frame in {} at offset {}: {} bytes skipped up to the next valid frame", file, from,
                    to - from);
        }
    }

    private static int crc(long time, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, time));
        crc.update(payload);
        return (int) crc.getValue();
    }

    private void recover() throws IOException {
        try (Stream<Path> found = Files.list(dir)) {
            found.filter(f -> f.getFileName().toString().matches("segment-\\d{20}\\.log"))
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
                while (offset + HEADER <= size || (last && offset < size)) {
                    Frame frame = offset + HEADER <= size ? readFrame(in, offset, size) : null;
                    if (frame == null) {
                        long next = offset + HEADER <= size ? nextFrame(in, offset, size) : size;
                        if (next == size && last) {
                            LOG.warn("Cutting a partial frame at the end of {} (offset {}, {} bytes)",
                                    segment.getValue(), offset, size - offset);
                            in.setLength(offset);
                            in.getFD().sync();
                            break;
                        }
                        reportDamage(segment.getValue(), offset, next);
                        offset = next;
                        continue;
                    }
                    pendingEntries++;
                    pendingBytes += HEADER + frame.payload.length;
                    if (oldest == null) {
                        oldest = Instant.ofEpochMilli(frame.time);
                    }
                    offset += HEADER + frame.payload.length;
                }
            }
        }
        tailSegment = segments.isEmpty() ? Math.max(readSegment, 0) : segments.lastKey();
        if (segments.isEmpty()) {
            readSegment = tailSegment;
            readOffset = 0;
            segments.put(tailSegment, segmentPath(tailSegment));
        }
        tail = files.open(segments.get(tailSegment));
        tailSize = tail.size();
        if (pendingEntries > 0) {
            LOG.info("Spill journal {} holds {} pending events ({} bytes) to drain", dir, pendingEntries, pendingBytes);
        }
    }

    /**
     * Starts the next segment. When that fails, the current one stays in use (the roll is retried at the next append),
     * unless it may end in a partial frame: then the append fails.
     */
    private void roll() {
        long next = tailSegment + 1;
        Path path = segmentPath(next);
        SegmentFile opened;
        long size;
        try {
            opened = files.open(path);
            size = opened.size();
        } catch (IOException e) {
            if (tailBroken) {
                throw new UncheckedIOException("cannot start spill journal segment " + path + ": " + e.getMessage(),
                        e);
            }
            LOG.debug("Cannot start spill journal segment {} ({}); appending to the current one", path, e.toString());
            return;
        }
        try {
            tail.sync();
        } catch (IOException e) {
            LOG.warn("fsync of the finished spill journal segment {} failed: {}", segments.get(tailSegment),
                    e.toString());
        }
        try {
            tail.close();
        } catch (IOException e) {
            LOG.debug("Closing spill journal segment {} failed: {}", segments.get(tailSegment), e.toString());
        }
        tailSegment = next;
        segments.put(next, path);
        tail = opened;
        tailSize = size;
        tailBroken = false;
        dirty = false;
        syncDirectory();
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
        syncDirectory();
    }

    /**
     * fsyncs the directory, so that a rename (the checkpoint) or a new segment survives an OS crash. A failure (some
     * file systems refuse it; an interrupted thread) is not fatal: the checkpoint may then go back one batch, which
     * re-sends those events (at least once).
     */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("fsync of the spill journal directory {} failed: {}", dir, e.toString());
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
            LOG.warn("Cannot delete acknowledged journal segment {}: {}", file, e.toString());
        }
    }
}
