package dev.ep.assignment.events;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * The journal's writable end of one segment: append, cut back, fsync. A seam so that tests can inject disk faults
 * (a failing write, a full disk, a failed open); {@link #DISK} is the real file. Stream I/O ({@link RandomAccessFile}),
 * never a {@code FileChannel}, which an interrupted thread would close for good.
 */
interface SegmentFile extends AutoCloseable {

    /** Opens a segment file for appending, creating it when absent. */
    @FunctionalInterface
    interface Opener {
        SegmentFile open(Path file) throws IOException;
    }

    Opener DISK = Disk::new;

    /** Appends at the end; on failure part of the bytes may have been written. */
    void write(byte[] bytes) throws IOException;

    /** Cuts the file back to {@code size} bytes (the end of the last whole frame). */
    void truncate(long size) throws IOException;

    void sync() throws IOException;

    long size() throws IOException;

    @Override
    void close() throws IOException;

    /** The real file. */
    final class Disk implements SegmentFile {
        private final RandomAccessFile file;

        Disk(Path path) throws IOException {
            file = new RandomAccessFile(path.toFile(), "rw");
            file.seek(file.length());
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            file.write(bytes);
        }

        @Override
        public void truncate(long size) throws IOException {
            file.setLength(size);
            file.seek(size);
        }

        @Override
        public void sync() throws IOException {
            file.getFD().sync();
        }

        @Override
        public long size() throws IOException {
            return file.length();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
