package dev.ep.simulator.match;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The four figures per treatment of one experiment phase, recomputed from event-ingest's PostgreSQL tables by
 * {@code ingest-totals.sql} (next to this class; its header states the attribution rules). Read-only: one
 * statement, in a read-only connection.
 */
public final class IngestTotalsQuery {

    /** reporting-service's default attribution window ({@code EP_REPORTING_ATTRIBUTION_WINDOW}). */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    static final String SQL = load();

    /** Opens a connection to event-ingest's database. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final Duration window;

    public IngestTotalsQuery(Connections connections, Duration window) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the attribution window must be positive");
        }
    }

    /** Over {@link DriverManager}: a JDBC URL of event-ingest's database and its credentials. */
    public static IngestTotalsQuery of(String jdbcUrl, String user, String password, Duration window) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return new IngestTotalsQuery(() -> DriverManager.getConnection(jdbcUrl, user, password), window);
    }

    /**
     * @param cutOff inputs with a server time at or before it count; null counts everything
     * @throws IllegalStateException when the database cannot be read (with the driver's message)
     */
    public List<ReportedTotals> totals(String experimentId, int phase, Instant cutOff) {
        return totals(experimentId, phase, List.of(), cutOff);
    }

    /**
     * @param phaseStarts the experiment's phases opened by weight changes (start as config-service recorded it, the
     *                    moved slots): a later one that moved a unit's slot ends its attribution (carry-over)
     * @param cutOff      inputs with a server time at or before it count; null counts everything
     * @throws IllegalStateException when the database cannot be read (with the driver's message)
     */
    public List<ReportedTotals> totals(String experimentId, int phase, List<LedgerAttribution.PhaseStart> phaseStarts,
            Instant cutOff) {
        try (Connection connection = connections.open()) {
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(SQL)) {
                statement.setString(1, experimentId);
                statement.setInt(2, phase);
                statement.setLong(3, window.toMillis());
                if (cutOff == null) {
                    statement.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    statement.setObject(4, OffsetDateTime.ofInstant(cutOff, ZoneOffset.UTC));
                }
                statement.setString(5, phasesJson(phaseStarts));
                List<ReportedTotals> totals = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        totals.add(new ReportedTotals(experimentId, rows.getString("treatment"),
                                rows.getLong("units"), rows.getLong("conversions"), rows.getLong("orders"),
                                rows.getLong("revenue_minor")));
                    }
                }
                return totals;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("event-ingest's database could not be read: " + e.getMessage(), e);
        }
    }

    private static String load() {
        try (InputStream in = IngestTotalsQuery.class.getResourceAsStream("ingest-totals.sql")) {
            if (in == null) {
                throw new IllegalStateException("ingest-totals.sql is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code [{"number": 2, "startedAt": "2026-…Z", "changedSlots": [[0, 3000]]}]}, as the SQL reads it. */
    static String phasesJson(List<LedgerAttribution.PhaseStart> phaseStarts) {
        StringBuilder b = new StringBuilder("[");
        for (LedgerAttribution.PhaseStart p : phaseStarts) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"number\":").append(p.number()).append(",\"startedAt\":\"").append(p.startedAt())
                    .append("\",\"changedSlots\":[");
            for (int i = 0; i < p.changedSlots().size(); i++) {
                LedgerAttribution.SlotRange r = p.changedSlots().get(i);
                b.append(i == 0 ? "" : ",").append('[').append(r.start()).append(',').append(r.end()).append(']');
            }
            b.append("]}");
        }
        return b.append(']').toString();
    }
}
