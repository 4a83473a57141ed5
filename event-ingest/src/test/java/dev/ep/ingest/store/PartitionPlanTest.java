package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {

    static final LocalDate TODAY = LocalDate.parse("2026-03-10");

    @Test
    void shouldNamePartitionsByDayAndReadTheDayBack() {
        assertThat(PartitionPlan.name("coverage", TODAY)).isEqualTo("coverage_p20260310");
        assertThat(PartitionPlan.day("coverage", "coverage_p20260310")).contains(TODAY);
        assertThat(PartitionPlan.day("coverage", "coverage_pxyz")).isEmpty();
        assertThat(PartitionPlan.day("decisions", "decision_experiments_p20260310")).isEmpty();
    }

    @Test
    void shouldCoverYesterdayTodayAndTheDaysAheadWhenPlanningAhead() {
        List<LocalDate> days = PartitionPlan.ahead(TODAY, 2);

        assertThat(days).containsExactly(TODAY.minusDays(1), TODAY, TODAY.plusDays(1), TODAY.plusDays(2));
    }

    @Test
    void shouldExpireNothingWhenRetentionIsZero() {
        assertThat(PartitionPlan.expired(List.of(TODAY.minusYears(5)), TODAY, 0)).isEmpty();
    }

    @Test
    void shouldExpireOnlyDaysBeforeTheRetentionWindowWhenRetentionIsSet() {
        List<LocalDate> existing = List.of(TODAY.minusDays(31), TODAY.minusDays(30), TODAY.minusDays(29), TODAY,
                TODAY.plusDays(3));

        assertThat(PartitionPlan.expired(existing, TODAY, 30)).containsExactly(TODAY.minusDays(31));
    }
}
