package dev.ep.reporting.results;

import dev.ep.stats.analysis.AnalysisRequest.PreviousAlwaysValid;
import dev.ep.stats.analysis.AnalysisRequest.PreviousComparison;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code always_valid_minimum} table: the running minimum of every always-valid p-value published for a phase
 * (Johari, Pekelis, Walsh 2017, section 3: {@code p_n = min(p_{n-1}, 1/Λ_n)}), shared by every instance and kept
 * across restarts. One statement lowers each value to {@code LEAST(stored, offered)} and returns what is stored, so
 * whichever instance answers, a published value is never above one published before it.
 */
@Repository
class AlwaysValidMinima {

    private static final String SRM_COVERAGE = "srm_coverage";
    private static final String SRM_ASSIGNMENT = "srm_assignment";
    private static final String COMPARISON = "comparison";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    @Autowired
    AlwaysValidMinima(JdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    AlwaysValidMinima(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Lowers the stored minima of the phase to the offered values (a value not offered is left as it is) and returns
     * the stored minima of the offered keys. Runs in one statement (one transaction).
     */
    PreviousAlwaysValid lower(String experimentId, int phase, PreviousAlwaysValid offered) {
        List<Object[]> rows = new ArrayList<>();
        Timestamp now = Timestamp.from(clock.instant());
        if (offered.srmCoverageP() != null) {
            rows.add(row(experimentId, phase, SRM_COVERAGE, "", "", offered.srmCoverageP(), now));
        }
        if (offered.srmAssignmentP() != null) {
            rows.add(row(experimentId, phase, SRM_ASSIGNMENT, "", "", offered.srmAssignmentP(), now));
        }
        for (PreviousComparison c : offered.comparisons()) {
            rows.add(row(experimentId, phase, COMPARISON, c.metric(), c.treatment(), c.alwaysValidP(), now));
        }
        if (rows.isEmpty()) {
            return PreviousAlwaysValid.NONE;
        }
        StringBuilder sql = new StringBuilder("""
                INSERT INTO always_valid_minimum AS m (experiment_id, phase, kind, metric, treatment, p, updated_at)
                VALUES """);
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)");
            args.addAll(List.of(rows.get(i)));
        }
        sql.append("""
                 ON CONFLICT (experiment_id, phase, kind, metric, treatment)
                DO UPDATE SET p = LEAST(m.p, EXCLUDED.p), updated_at = EXCLUDED.updated_at
                RETURNING kind, metric, treatment, p""");
        Double[] srm = new Double[2];
        List<PreviousComparison> comparisons = new ArrayList<>();
        jdbc.query(sql.toString(), rs -> {
            double p = rs.getDouble("p");
            switch (rs.getString("kind")) {
                case SRM_COVERAGE -> srm[0] = p;
                case SRM_ASSIGNMENT -> srm[1] = p;
                default -> comparisons.add(new PreviousComparison(rs.getString("metric"), rs.getString("treatment"), p));
            }
        }, args.toArray());
        return new PreviousAlwaysValid(srm[0], srm[1], comparisons);
    }

    /**
     * The stored minima of the phase, read only: for an answer that lowers none of them (most answers, at a steady
     * traffic), so that polling the results costs no write.
     */
    PreviousAlwaysValid read(String experimentId, int phase) {
        Double[] srm = new Double[2];
        List<PreviousComparison> comparisons = new ArrayList<>();
        jdbc.query("SELECT kind, metric, treatment, p FROM always_valid_minimum WHERE experiment_id = ? AND phase = ?",
                rs -> {
                    double p = rs.getDouble("p");
                    switch (rs.getString("kind")) {
                        case SRM_COVERAGE -> srm[0] = p;
                        case SRM_ASSIGNMENT -> srm[1] = p;
                        default -> comparisons.add(new PreviousComparison(rs.getString("metric"),
                                rs.getString("treatment"), p));
                    }
                }, experimentId, phase);
        return new PreviousAlwaysValid(srm[0], srm[1], comparisons);
    }

    /** Deletes the minima of phases nobody has looked at since {@code cutoff}. */
    int deleteBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM always_valid_minimum WHERE updated_at < ?", Timestamp.from(cutoff));
    }

    private static Object[] row(String experimentId, int phase, String kind, String metric, String treatment,
                                double p, Timestamp now) {
        return new Object[] {experimentId, phase, kind, metric, treatment, Math.max(0.0, Math.min(1.0, p)), now};
    }
}
