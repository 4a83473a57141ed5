package dev.ep.ingest.archive;

import dev.ep.ingest.store.SchemaMigration;
import dev.ep.ingest.system.ApiException;
import dev.ep.ingest.system.ErrorCode;
import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/archive/run}: runs the archive job now (the same run as the schedule's). {@code GET
 * /v1/history/report}: the README's conversion report over any range, archived and PostgreSQL days together. Both
 * need the timeline's credential (one interceptor guards every handler of this service).
 */
@RestController
class ArchiveController {

    private final ArchiveJob job;
    private final HistoryQuery history;
    private final SchemaMigration schema;

    ArchiveController(ArchiveJob job, HistoryQuery history, SchemaMigration schema) {
        this.job = job;
        this.history = history;
        this.schema = schema;
    }

    /** The answer of a run: {@code ran = false} when another run was in progress. */
    record RunView(boolean ran, List<String> files, List<String> droppedPartitions, long rowsArchived,
                   List<String> expiredDays) {
    }

    record ReportView(String experimentId, int phase, LocalDate from, LocalDate to, LocalDate ordersTo,
                      int archivedFiles, long archivedRows, long postgresRows, List<HistoryQuery.Arm> arms) {
    }

    @PostMapping(path = "/v1/archive/run", produces = MediaType.APPLICATION_JSON_VALUE)
    RunView run() throws SQLException, IOException {
        if (!job.enabled()) {
            throw new ApiException(ErrorCode.ARCHIVE_DISABLED, "archiving is off: set EP_INGEST_ARCHIVE_DIR");
        }
        requireStore();
        return job.runNow().map(r -> new RunView(r.ran(), r.files(), r.droppedPartitions(), r.rowsArchived(),
                r.expiredDays())).orElse(new RunView(false, List.of(), List.of(), 0, List.of()));
    }

    @GetMapping(path = "/v1/history/report", produces = MediaType.APPLICATION_JSON_VALUE)
    ReportView report(@RequestParam(name = "experimentId", required = false) String experimentId,
                      @RequestParam(name = "phase", required = false) String phase,
                      @RequestParam(name = "from", required = false) String from,
                      @RequestParam(name = "to", required = false) String to,
                      @RequestParam(name = "ordersTo", required = false) String ordersTo)
            throws SQLException, IOException {
        HistoryRequest request;
        try {
            LocalDate end = date("to", to);
            request = new HistoryRequest(experimentId, phase(phase), date("from", from), end,
                    ordersTo == null ? end.plusDays(7) : date("ordersTo", ordersTo));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, e.getMessage());
        }
        requireStore();
        HistoryQuery.Report report;
        try {
            report = history.report(request);
        } catch (HistoryQuery.BusyException e) {
            throw new ApiException(ErrorCode.HISTORY_BUSY, e.getMessage());
        } catch (HistoryQuery.TooLargeException e) {
            throw new ApiException(ErrorCode.HISTORY_TOO_LARGE, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, e.getMessage());
        } catch (java.sql.SQLTransientConnectionException | java.sql.SQLNonTransientConnectionException e) {
            throw new ApiException(ErrorCode.STORE_UNAVAILABLE, "PostgreSQL is unavailable, try again shortly");
        }
        return new ReportView(request.experimentId(), request.phase(), request.from(), request.to(),
                request.ordersTo(), report.archivedFiles(), report.archivedRows(), report.postgresRows(),
                report.arms());
    }

    private void requireStore() {
        if (!schema.isMigrated()) {
            throw new ApiException(ErrorCode.STORE_UNAVAILABLE, "PostgreSQL is unavailable, try again shortly");
        }
    }

    private static int phase(String value) {
        if (value == null) {
            throw new IllegalArgumentException("phase is required (a whole number, 0 or more)");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("phase must be a whole number, got '" + value + "'");
        }
    }

    private static LocalDate date(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required (YYYY-MM-DD)");
        }
        if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new IllegalArgumentException(name + " must be a date YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not a calendar date: " + value);
        }
    }
}
