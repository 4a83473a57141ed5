package dev.ep.assignment.snapshot;

import dev.ep.events.v1.ExperimentSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Test access to the snapshot file format for other packages' tests. */
public final class SnapshotFiles {

    private SnapshotFiles() {
    }

    public static void write(Path file, List<ExperimentSnapshot> records, long lastSequence) throws IOException {
        new SnapshotFile(file).write(records, lastSequence);
    }
}
