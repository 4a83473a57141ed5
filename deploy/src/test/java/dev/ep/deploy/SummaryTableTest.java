package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    @Test
    void shouldAlignColumnsUnderHeaderWhenRendered() {
        // given
        List<SummaryTable.Row> rows = List.of(
                new SummaryTable.Row("kafka", "127.0.0.1:9092", "101", ".ep-data/logs/kafka.log", ".ep-data/kafka/data"),
                new SummaryTable.Row("config-service", "http://127.0.0.1:8082", "2002",
                        ".ep-data/logs/config-service.log", "db config_service"));

        // when
        String table = SummaryTable.render(rows);

        // then
        assertThat(table).isEqualTo("""
                NAME            URL / PORT             PID   LOG                               DATA
                --------------  ---------------------  ----  --------------------------------  -------------------
                kafka           127.0.0.1:9092         101   .ep-data/logs/kafka.log           .ep-data/kafka/data
                config-service  http://127.0.0.1:8082  2002  .ep-data/logs/config-service.log  db config_service
                """);
    }

    @Test
    void shouldShowDashesAndNoTrailingSpacesWhenCellsAreBlank() {
        // when
        String table = SummaryTable.render(List.of(new SummaryTable.Row("schema-registry", "not built", "", null, " ")));

        // then
        assertThat(table.lines().toList().get(2)).isEqualTo("schema-registry  not built   -    -    -");
        assertThat(table.lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    }

    @Test
    void shouldRenderHeaderOnlyWhenNothingRuns() {
        assertThat(SummaryTable.render(List.of())).isEqualTo("""
                NAME  URL / PORT  PID  LOG  DATA
                ----  ----------  ---  ---  ----
                """);
    }
}
