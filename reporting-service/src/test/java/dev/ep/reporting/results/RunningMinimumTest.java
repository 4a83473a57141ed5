package dev.ep.reporting.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.stats.analysis.AnalysisRequest.PreviousAlwaysValid;
import dev.ep.stats.analysis.AnalysisRequest.PreviousComparison;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunningMinimumTest {

    private static PreviousAlwaysValid values(Double coverage, Double assignment, PreviousComparison... comparisons) {
        return new PreviousAlwaysValid(coverage, assignment, List.of(comparisons));
    }

    @Test
    void shouldLowerEachCurrentValueToTheOtherOnlyWhereTheOtherIsLower() {
        PreviousAlwaysValid current = values(0.4, null, new PreviousComparison("conversion", "green", 0.2),
                new PreviousComparison("conversion", "blue", 0.9));
        PreviousAlwaysValid other = values(0.1, 0.05, new PreviousComparison("conversion", "green", 0.3),
                new PreviousComparison("conversion", "blue", 0.5), new PreviousComparison("revenue", "blue", 0.01));

        PreviousAlwaysValid lowered = RunningMinimum.lowered(current, other);

        assertThat(lowered.srmCoverageP()).isEqualTo(0.1);
        assertThat(lowered.srmAssignmentP()).as("nothing to publish now: stays absent").isNull();
        assertThat(lowered.comparisons()).containsExactly(new PreviousComparison("conversion", "green", 0.2),
                new PreviousComparison("conversion", "blue", 0.5));
    }

    @Test
    void shouldKeepEveryValueOfEitherInTheUnion() {
        PreviousAlwaysValid a = values(0.4, null, new PreviousComparison("conversion", "green", 0.2));
        PreviousAlwaysValid b = values(0.6, 0.3, new PreviousComparison("conversion", "green", 0.1),
                new PreviousComparison("revenue", "green", 0.7));

        PreviousAlwaysValid union = RunningMinimum.union(a, b);

        assertThat(union.srmCoverageP()).isEqualTo(0.4);
        assertThat(union.srmAssignmentP()).isEqualTo(0.3);
        assertThat(union.comparisons()).containsExactlyInAnyOrder(new PreviousComparison("conversion", "green", 0.1),
                new PreviousComparison("revenue", "green", 0.7));
        assertThat(RunningMinimum.union(null, b)).isEqualTo(b);
        assertThat(RunningMinimum.lowered(a, null)).isEqualTo(a);
    }
}
