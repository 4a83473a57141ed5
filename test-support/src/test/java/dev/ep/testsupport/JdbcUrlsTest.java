package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://127.0.0.1:5432/postgres | jdbc:postgresql://127.0.0.1:5432/orders_1",
            "jdbc:postgresql://h:5432/postgres?ssl=false&x=1 | jdbc:postgresql://h:5432/orders_1?ssl=false&x=1",
            "jdbc:postgresql://h1:5432,h2:5433/admin | jdbc:postgresql://h1:5432,h2:5433/orders_1",
            "jdbc:postgresql://h/ | jdbc:postgresql://h/orders_1",
            "jdbc:postgresql://h | jdbc:postgresql://h/orders_1",
            "jdbc:postgresql://h?ssl=true | jdbc:postgresql://h/orders_1?ssl=true",
            "jdbc:postgresql:postgres | jdbc:postgresql:orders_1",
    })
    void shouldReplaceDatabaseWhenUrlHasAnyPostgresForm(String adminUrl, String expected) {
        assertThat(JdbcUrls.withDatabase(adminUrl, "orders_1")).isEqualTo(expected);
    }

    @Test
    void shouldRejectUrlWhenNotPostgres() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://h/db", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://h/db");
    }
}
