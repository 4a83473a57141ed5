package dev.ep.simulator.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TotalsComparisonTest {

    private static final List<LedgerTotals> LEDGER = List.of(
            new LedgerTotals("checkout", "control", 1000, 100, 120, 660_000),
            new LedgerTotals("checkout", "green", 1010, 111, 130, 715_500));

    private static ReportedTotals reported(String treatment, long units, long conversions, long orders,
                                           long revenue) {
        return new ReportedTotals("checkout", treatment, units, conversions, orders, revenue);
    }

    @Test
    void shouldFindNoDifferenceWhenEveryFigureIsEqual() {
        List<ReportedTotals> same = List.of(reported("green", 1010, 111, 130, 715_500),
                reported("control", 1000, 100, 120, 660_000));

        assertThat(TotalsComparison.compare(LEDGER, Source.REPORTING_SERVICE, same)).isEmpty();
    }

    @Test
    void shouldReportOrdersAndRevenueWhenAnEventIsDuplicated() {
        // an order of 4,500 counted twice
        List<ReportedTotals> duplicated = List.of(reported("control", 1000, 100, 121, 664_500),
                reported("green", 1010, 111, 130, 715_500));

        List<Difference> differences = TotalsComparison.compare(LEDGER, Source.EVENT_INGEST, duplicated);

        assertThat(differences).extracting(Difference::describe).containsExactly(
                "checkout/control orders: ledger 120, event-ingest PostgreSQL 121 (+1)",
                "checkout/control revenue (minor units): ledger 660000, event-ingest PostgreSQL 664500 (+4500)");
    }

    @Test
    void shouldReportUnitsWhenACoverageIsDropped() {
        // a unit without orders lost its coverage
        List<ReportedTotals> dropped = List.of(reported("control", 1000, 100, 120, 660_000),
                reported("green", 1009, 111, 130, 715_500));

        assertThat(TotalsComparison.compare(LEDGER, Source.REPORTING_SERVICE, dropped))
                .containsExactly(new Difference("checkout", "green", Source.REPORTING_SERVICE, Figure.UNITS, 1010,
                        1009, null));
    }

    @Test
    void shouldReportBothArmsWhenATreatmentIsFlipped() {
        // a converting unit (1 order of 5,000) counted in control instead of green
        List<ReportedTotals> flipped = List.of(reported("control", 1001, 101, 121, 665_000),
                reported("green", 1009, 110, 129, 710_500));

        List<Difference> differences = TotalsComparison.compare(LEDGER, Source.REPORTING_SERVICE, flipped);

        assertThat(differences).hasSize(8);
        assertThat(differences).extracting(Difference::describe).contains(
                "checkout/control units: ledger 1000, reporting-service 1001 (+1)",
                "checkout/green units: ledger 1010, reporting-service 1009 (-1)",
                "checkout/green revenue (minor units): ledger 715500, reporting-service 710500 (-5000)");
    }

    @Test
    void shouldCountAMissingTreatmentAsZerosAndSaySo() {
        List<ReportedTotals> onlyControl = List.of(reported("control", 1000, 100, 120, 660_000),
                reported("blue", 3, 0, 0, 0));

        List<Difference> differences = TotalsComparison.compare(LEDGER, Source.REPORTING_SERVICE, onlyControl);

        assertThat(differences).extracting(Difference::describe).containsExactly(
                "checkout/blue units: ledger 0, reporting-service 3 (+3), no row in the ledger",
                "checkout/green units: ledger 1010, reporting-service 0 (-1010), no row in reporting-service",
                "checkout/green conversions: ledger 111, reporting-service 0 (-111), no row in reporting-service",
                "checkout/green orders: ledger 130, reporting-service 0 (-130), no row in reporting-service",
                "checkout/green revenue (minor units): ledger 715500, reporting-service 0 (-715500), no row in"
                        + " reporting-service");
    }

    @Test
    void shouldTreatATreatmentWithoutUnitsAsEqualToNoRow() {
        List<ReportedTotals> withEmptyArm = List.of(reported("control", 1000, 100, 120, 660_000),
                reported("green", 1010, 111, 130, 715_500), reported("blue", 0, 0, 0, 0));

        assertThat(TotalsComparison.compare(LEDGER, Source.REPORTING_SERVICE, withEmptyArm)).isEmpty();
    }

    @Test
    void shouldRejectTwoRowsOfOneTreatmentAndImpossibleTotals() {
        assertThatThrownBy(() -> TotalsComparison.compare(LEDGER, Source.REPORTING_SERVICE,
                List.of(reported("control", 1, 0, 0, 0), reported("control", 1, 0, 0, 0))))
                .hasMessageContaining("two rows for checkout/control");
        assertThatThrownBy(() -> new LedgerTotals("checkout", "control", 1, 2, 2, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerTotals("checkout", "control", 5, 2, 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerTotals("checkout", "control", 5, 0, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
