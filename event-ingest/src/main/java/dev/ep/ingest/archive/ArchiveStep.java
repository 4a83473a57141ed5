package dev.ep.ingest.archive;

/**
 * The steps of archiving one table's day, in order. The job can die after any of them; the next run finds the state
 * each leaves behind and carries on (README "Archive", crash safety).
 */
public enum ArchiveStep {
    /** The rows were written to the hidden temporary file. */
    WRITTEN,
    /** The temporary file was forced to disk. */
    SYNCED,
    /** The temporary file was read back: its row count and checksum equal the partition's. */
    VERIFIED,
    /** The temporary file was renamed to its final name (and the directory forced to disk). */
    RENAMED,
    /** The file was recorded in the manifest ({@code archived_partitions}). */
    RECORDED,
    /** The archived rows left PostgreSQL: the partition was detached and dropped, and the manifest says so. */
    DROPPED;

    /** Called after each step; tests throw from it to simulate a death at that point. */
    @FunctionalInterface
    public interface Hook {

        Hook NONE = (step, table, day) -> { };

        void after(ArchiveStep step, String table, java.time.LocalDate day) throws java.io.IOException;
    }
}
