package dev.ep.simulator.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.simulator.match.ResultsBodies.Arm;
import dev.ep.simulator.match.ResultsBodies.Buyer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsBodyTest {

    static final List<Arm> ARMS = List.of(
            new Arm("control", 40, List.of(new Buyer(1, 4_000), new Buyer(2, 9_950), new Buyer(1, 120))),
            new Arm("green", 38, List.of(new Buyer(3, 15_000), new Buyer(1, 2_500))),
            new Arm("blue", 0, List.of()));

    @Test
    void shouldReadTheFourFiguresOfEveryArmFromTheStatisticsMember() {
        String body = ResultsBodies.body("checkout", 2, ARMS);

        ResultsBody.Reported reported = ResultsBody.parse("checkout", body);

        assertThat(reported.phase()).isEqualTo(2);
        assertThat(reported.totals()).containsExactly(
                new ReportedTotals("checkout", "control", 40, 3, 4, 14_070),
                new ReportedTotals("checkout", "green", 38, 2, 4, 17_500),
                new ReportedTotals("checkout", "blue", 0, 0, 0, 0));
    }

    @Test
    void shouldReadTheBodyReportingServicesReadmeShows() {
        // the members of reporting-service README's results example and worked example, abridged as they print
        String body = """
                {"experimentId": "checkout", "phase": 1, "currentPhase": 1, "phases": [1],
                 "currentTo": "2026-11-30T08:00:00.400Z",
                 "configVersions": {"min": 10, "max": 10, "experimentVersion": 3},
                 "statistics": {"control": "control", "alpha": 0.05,
                   "expectedWeightsBasisPoints": {"control": 5000, "treatment": 5000},
                   "coverageUnits": {"control": 1000, "treatment": 1010},
                   "assignmentUnits": {"control": 1200, "treatment": 1190},
                   "metrics": [
                     {"metric": "conversion", "kind": "PROPORTION", "role": "PRIMARY", "tau2": null, "arms": [
                       {"treatment": "control", "n": 1000, "sumY": 103, "sumY2": 103, "sumX": 0, "sumX2": 0, "sumXY": 0},
                       {"treatment": "treatment", "n": 1010, "sumY": 109, "sumY2": 109, "sumX": 0, "sumX2": 0, "sumXY": 0}]},
                     {"metric": "revenue_per_session", "kind": "MEAN", "role": "GUARDRAIL", "tau2": null, "arms": [
                       {"treatment": "control", "n": 1000, "sumY": 559486, "sumY2": 4184362484, "sumX": 712098, "sumX2": 2172641828, "sumXY": 2759248834},
                       {"treatment": "treatment", "n": 1010, "sumY": 544483, "sumY2": 3703737647, "sumX": 682221, "sumX2": 1900234437, "sumXY": 2403769882}]},
                     {"metric": "average_order_value", "kind": "RATIO", "role": "SECONDARY", "tau2": null, "arms": [
                       {"treatment": "control", "n": 1000, "sumY": 559486, "sumY2": 4184362484, "sumX": 210, "sumX2": 500, "sumXY": 1330624},
                       {"treatment": "treatment", "n": 1010, "sumY": 544483, "sumY2": 3703737647, "sumX": 211, "sumX2": 489, "sumXY": 1245145}]}],
                   "previous": {"srmCoverageP": null, "srmAssignmentP": null, "comparisons": []}},
                 "analysis": {"control": "control", "alpha": 0.05, "metrics": []}}
                """;

        assertThat(ResultsBody.parse("checkout", body).totals()).containsExactly(
                new ReportedTotals("checkout", "control", 1000, 103, 210, 559_486),
                new ReportedTotals("checkout", "treatment", 1010, 109, 211, 544_483));
    }

    @Test
    void shouldSayWhatTheBodyLacks() {
        String body = ResultsBodies.body("checkout", 1, ARMS);

        assertThatThrownBy(() -> ResultsBody.parse("search", body))
                .hasMessage("the results are of experiment 'checkout', not 'search'");
        assertThatThrownBy(() -> ResultsBody.parse("checkout", body.replace("\"average_order_value\"", "\"aov\"")))
                .hasMessageContaining("no metric 'average_order_value'");
        assertThatThrownBy(() -> ResultsBody.parse("checkout", "{\"experimentId\": \"checkout\", \"phase\": 1}"))
                .hasMessage("the results body has no 'statistics' object");
        assertThatThrownBy(() -> ResultsBody.parse("checkout", "<html>"))
                .hasMessageStartingWith("the results body is not JSON");
    }

    @Test
    void shouldRejectASumThatIsNotAnExactCount() {
        String body = ResultsBodies.body("checkout", 1, ARMS).replace("\"sumY\":14070", "\"sumY\":14070.5");

        assertThatThrownBy(() -> ResultsBody.parse("checkout", body))
                .hasMessageContaining("revenue_per_session/control.sumY is not an integer");
    }
}
