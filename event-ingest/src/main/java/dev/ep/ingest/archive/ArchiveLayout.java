package dev.ep.ingest.archive;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where archive files live: {@code <root>/<table>/event_date=YYYY-MM-DD/part-NNNNN.parquet} (Hive-style, so Trino,
 * Spark and DuckDB see {@code event_date} as a partition column). A file is written as a hidden temporary sibling
 * ({@code .part-NNNNN.parquet.tmp}: Hive, Trino and Spark skip names starting with a dot) and renamed when verified.
 * Every path is built from a known table and a date, never from outside input; {@link #resolve} refuses a stored
 * relative path that would leave the root. Plain Java.
 */
public final class ArchiveLayout {

    private static final Pattern FILE = Pattern.compile(
            "([a-z_]+)/event_date=(\\d{4}-\\d{2}-\\d{2})/part-(\\d{5})\\.parquet");
    static final String TEMP_SUFFIX = ".tmp";
    static final int MAX_FILES_PER_DAY = 100_000;

    private final Path root;

    public ArchiveLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The directory of one table's day. */
    public Path dayDirectory(ArchiveTables.Table table, LocalDate day) {
        return root.resolve(table.name()).resolve(ArchiveTables.PARTITION_COLUMN + "=" + day);
    }

    /** The relative path of the day's file number {@code sequence}. */
    public String relative(ArchiveTables.Table table, LocalDate day, int sequence) {
        if (sequence < 0 || sequence >= MAX_FILES_PER_DAY) {
            throw new IllegalArgumentException("file sequence out of range: " + sequence);
        }
        return table.name() + "/" + ArchiveTables.PARTITION_COLUMN + "=" + day + "/part-"
                + String.format("%05d", sequence) + ".parquet";
    }

    /** The absolute path of a relative path made by {@link #relative}; empty for anything else. */
    public Optional<Path> resolve(String relative) {
        Matcher m = FILE.matcher(relative);
        if (!m.matches() || ArchiveTables.byName(m.group(1)).isEmpty()) {
            return Optional.empty();
        }
        Path path = root.resolve(relative).normalize();
        return path.startsWith(root) ? Optional.of(path) : Optional.empty();
    }

    /** The hidden temporary file a file is written to before it is verified and renamed. */
    public static Path temporary(Path file) {
        return file.resolveSibling("." + file.getFileName() + TEMP_SUFFIX);
    }

    /** Whether a file name is one of the archive's temporary files. */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".part-") && name.endsWith(TEMP_SUFFIX);
    }
}
