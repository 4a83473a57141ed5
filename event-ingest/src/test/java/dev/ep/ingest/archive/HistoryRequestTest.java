package dev.ep.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HistoryRequestTest {

    static final LocalDate D = LocalDate.of(2026, 11, 1);

    @Test
    void shouldAcceptARangeWithinTheBoundsWhenValid() {
        HistoryRequest r = new HistoryRequest("exp/a:b@c", 0, D, D.plusDays(29), D.plusDays(36));
        assertThat(r.coverageDays()).isEqualTo(30);
    }

    @Test
    void shouldRefuseIdsOutsideTheGrammarAndDisorderedDatesWhenBuilt() {
        assertThatThrownBy(() -> new HistoryRequest(null, 1, D, D, D)).hasMessageContaining("experimentId is missing");
        assertThatThrownBy(() -> new HistoryRequest("a'b", 1, D, D, D)).hasMessageContaining("experimentId");
        assertThatThrownBy(() -> new HistoryRequest("", 1, D, D, D)).hasMessageContaining("experimentId");
        assertThatThrownBy(() -> new HistoryRequest("e", -1, D, D, D)).hasMessageContaining("phase");
        assertThatThrownBy(() -> new HistoryRequest("e", 1, D, D.minusDays(1), D)).hasMessageContaining("before from");
        assertThatThrownBy(() -> new HistoryRequest("e", 1, D, D, D.minusDays(1))).hasMessageContaining("ordersTo");
        assertThatThrownBy(() -> new HistoryRequest("e", 1, D, D, D.plusDays(91))).hasMessageContaining("90 days");
        assertThatThrownBy(() -> new HistoryRequest("e", 1, LocalDate.of(1999, 12, 31), D, D))
                .hasMessageContaining("dates must lie");
    }

    @Test
    void shouldRoundThePercentageHalfUpToTwoPlacesAsPostgresDoes() {
        assertThat(HistoryQuery.percent(1, 3)).isEqualTo(new BigDecimal("33.33"));
        assertThat(HistoryQuery.percent(2, 3)).isEqualTo(new BigDecimal("66.67"));
        assertThat(HistoryQuery.percent(1, 800)).isEqualTo(new BigDecimal("0.13")); // 0.125: half rounds up
        assertThat(HistoryQuery.percent(0, 5)).isEqualTo(new BigDecimal("0.00"));
        assertThat(HistoryQuery.percent(5, 5)).isEqualTo(new BigDecimal("100.00"));
    }
}
