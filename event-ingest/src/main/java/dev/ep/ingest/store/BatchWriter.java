package dev.ep.ingest.store;

import dev.ep.ingest.event.EventBatch;
import java.sql.Connection;
import java.sql.SQLException;

/** Writes a batch's rows inside the caller's transaction; returns how many events were new (not
 * duplicates), not counting the per-experiment child rows. */
interface BatchWriter {

    int write(Connection connection, EventBatch batch) throws SQLException;

    static BatchWriter of(WriteMethod method, int rowsPerStatement) {
        return switch (method) {
            case COPY -> new CopyBatchWriter();
            case INSERT -> new InsertBatchWriter(rowsPerStatement);
        };
    }
}
