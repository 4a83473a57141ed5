package dev.ep.ingest.archive;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the archive and the history report ({@code ep.ingest.archive.*}); each has an environment variable in
 * application.yml (README "Archive").
 *
 * @param directory root of the Parquet archive; empty (the default) turns archiving off
 * @param afterDays a day is archived once it is at least this many days before today (UTC)
 * @param keepDays archived days older than this are deleted from the archive; 0 keeps them for ever
 * @param interval how often the archive job runs (also at start, after {@code initialDelay})
 * @param initialDelay the first run after start
 * @param duckMemoryLimit memory DuckDB may use per job or report before spilling to disk
 * @param duckThreads DuckDB worker threads per job or report
 * @param historyMaxDays the longest coverage range of one history report
 * @param historyMaxRows the most coverage and order rows one history report reads
 */
@Validated
@ConfigurationProperties("ep.ingest.archive")
public record ArchiveProperties(
        String directory,
        @Min(1) @Max(3650) int afterDays,
        @Min(0) int keepDays,
        @NotNull Duration interval,
        @NotNull Duration initialDelay,
        @NotNull @Pattern(regexp = "[0-9]{1,6}(KB|MB|GB)") String duckMemoryLimit,
        @Min(1) @Max(64) int duckThreads,
        @Min(1) @Max(3660) int historyMaxDays,
        @Min(1) long historyMaxRows) {

    /** Whether archiving is on. */
    public boolean enabled() {
        return directory != null && !directory.isBlank();
    }

    ArchiveSettings settings() {
        return new ArchiveSettings(Path.of(directory), afterDays, keepDays, duckMemoryLimit, duckThreads);
    }
}
