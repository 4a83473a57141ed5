package dev.ep.ingest.archive;

import java.nio.file.Path;

/**
 * What the archive job needs to know (plain Java; {@link ArchiveProperties} binds it from {@code ep.ingest.archive}).
 *
 * @param directory root of the Parquet files
 * @param afterDays a day is closed, and archived, once it is at least this many days before today (UTC)
 * @param keepDays archived days before today minus this are deleted from the archive; 0 keeps them for ever
 * @param duckMemoryLimit DuckDB's memory limit (it spills to the archive directory beyond it), e.g. {@code 256MB}
 * @param duckThreads DuckDB worker threads
 */
public record ArchiveSettings(Path directory, int afterDays, int keepDays, String duckMemoryLimit, int duckThreads) {

    public ArchiveSettings {
        if (directory == null) {
            throw new IllegalArgumentException("the archive needs a directory");
        }
        if (afterDays < 1) {
            throw new IllegalArgumentException("archive after-days must be at least 1 (today is still being written), "
                    + "got " + afterDays);
        }
        if (keepDays < 0 || (keepDays > 0 && keepDays <= afterDays)) {
            throw new IllegalArgumentException("archive keep-days must be 0 (for ever) or more than after-days ("
                    + afterDays + "), got " + keepDays);
        }
        if (duckMemoryLimit == null || !duckMemoryLimit.matches("[0-9]{1,6}(KB|MB|GB)")) {
            throw new IllegalArgumentException("duck memory limit must look like 256MB, got " + duckMemoryLimit);
        }
        if (duckThreads < 1 || duckThreads > 64) {
            throw new IllegalArgumentException("duck threads must be 1..64, got " + duckThreads);
        }
    }
}
