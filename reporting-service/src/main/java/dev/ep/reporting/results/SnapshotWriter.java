package dev.ep.reporting.results;

import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.stream.ResultsStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every interval, writes each arm that changed since this instance last wrote it to {@code result_snapshot}, at the
 * interval's grid time (so two instances write the same rows, once). PostgreSQL being away skips that snapshot:
 * logged, and the next one writes the arms as they then are (the series has a gap, the cumulative values none).
 * The memory of what was written is one entry per arm. Snapshots and always-valid minima older than the retention
 * are deleted here too.
 */
@Component
class SnapshotWriter {

    private static final Logger log = LoggerFactory.getLogger(SnapshotWriter.class);

    private final ResultsStore results;
    private final SnapshotStore snapshots;
    private final SnapshotProperties properties;
    private final AlwaysValidMinima minima;
    private final Clock clock;
    private final Map<String, ArmTotals> written = new HashMap<>();
    private boolean failing;

    SnapshotWriter(ResultsStore results, SnapshotStore snapshots, SnapshotProperties properties,
                   AlwaysValidMinima minima) {
        this.results = results;
        this.snapshots = snapshots;
        this.properties = properties;
        this.minima = minima;
        this.clock = Clock.systemUTC();
    }

    @Scheduled(fixedDelayString = "${ep.reporting.snapshots.interval}")
    synchronized void snapshot() {
        Optional<List<ArmTotals>> arms = results.all();
        if (arms.isEmpty()) {
            return;
        }
        long interval = properties.interval().toMillis();
        Instant now = clock.instant();
        Instant takenAt = Instant.ofEpochMilli(now.toEpochMilli() / interval * interval);
        try {
            for (ArmTotals arm : arms.get()) {
                String key = arm.arm().text();
                if (!arm.equals(written.get(key))) {
                    snapshots.write(arm, takenAt);
                    written.put(key, arm);
                }
            }
            snapshots.deleteBefore(now.minus(properties.retention()));
            minima.deleteBefore(now.minus(properties.retention()));
            if (failing) {
                log.info("Result snapshots written again");
                failing = false;
            }
        } catch (DataAccessException e) {
            if (!failing) {
                log.error("Result snapshot at {} not written (retried at the next interval): {}", takenAt,
                        e.getMessage());
                failing = true;
            }
        }
    }
}
