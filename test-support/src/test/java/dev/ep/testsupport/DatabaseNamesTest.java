package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "orders | orders",
            "ConfigServiceIT | configserviceit",
            "my-db.name | my_db_name",
            "1st | t_1st",
            "'  ' | test",
            "NULL | test",
    })
    void shouldSanitizePrefixWhenItIsNotAnIdentifier(String prefix, String expected) {
        assertThat(DatabaseNames.sanitize(prefix)).isEqualTo(expected);
    }

    @Test
    void shouldTruncatePrefixWhenTooLongForPostgres() {
        String name = DatabaseNames.secure().next("x".repeat(100));

        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("x{40}_[0-9a-f]{12}");
    }

    @Test
    void shouldGiveDistinctNamesWhenCalledRepeatedly() {
        // given
        DatabaseNames names = new DatabaseNames(new Random(42));
        Set<String> seen = new HashSet<>();

        // when
        for (int i = 0; i < 1000; i++) {
            seen.add(names.next("db"));
        }

        // then
        assertThat(seen).hasSize(1000).allMatch(name -> name.matches("db_[0-9a-f]{12}"));
    }
}
