package dev.ep.assignment.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Segment files on a disk with injectable faults: a limited amount of free space shared by all files (a write beyond
 * it writes what fits, then fails with "No space left on device", as a full disk does), a write that fails halfway
 * (an I/O error), a cut that fails, file creation that fails, and a disk that hangs (every write blocks until released,
 * as a stalled device does). Records which threads wrote.
 */
final class FaultyDisk implements SegmentFile.Opener {

    volatile long free = Long.MAX_VALUE;
    volatile boolean failWrites;
    volatile boolean failTruncates;
    volatile boolean failOpens;
    int opens;
    /** While set, every write blocks until it is counted down. */
    volatile CountDownLatch hang;
    final Set<Thread> writers = ConcurrentHashMap.newKeySet();

    @Override
    public SegmentFile open(Path file) throws IOException {
        if (failOpens) {
            throw new IOException("No space left on device");
        }
        opens++;
        SegmentFile disk = new SegmentFile.Disk(file);
        return new SegmentFile() {
            @Override
            public void write(byte[] bytes) throws IOException {
                writers.add(Thread.currentThread());
                CountDownLatch stalled = hang;
                if (stalled != null && stalled.getCount() > 0) {
                    try {
                        stalled.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while the disk hangs");
                    }
                }
                if (failWrites) {
                    disk.write(java.util.Arrays.copyOf(bytes, bytes.length / 2));
                    throw new IOException("Input/output error");
                }
                if (bytes.length > free) {
                    disk.write(java.util.Arrays.copyOf(bytes, (int) free));
                    free = 0;
                    throw new IOException("No space left on device");
                }
                if (free != Long.MAX_VALUE) {
                    free -= bytes.length;
                }
                disk.write(bytes);
            }

            @Override
            public void truncate(long size) throws IOException {
                if (failTruncates) {
                    throw new IOException("Input/output error");
                }
                if (free != Long.MAX_VALUE) {
                    free += disk.size() - size;
                }
                disk.truncate(size);
            }

            @Override
            public void sync() throws IOException {
                disk.sync();
            }

            @Override
            public long size() throws IOException {
                return disk.size();
            }

            @Override
            public void close() throws IOException {
                disk.close();
            }
        };
    }
}
