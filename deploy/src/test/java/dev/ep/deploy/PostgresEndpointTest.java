package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PostgresEndpointTest {

    private static PostgresEndpoint endpoint(String url) {
        return new PostgresEndpoint(url, "postgres", "");
    }

    @Test
    void shouldReplaceDatabaseWhenUrlNamesOne() {
        assertThat(endpoint("jdbc:postgresql://127.0.0.1:54329/postgres").urlFor("config_service"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:54329/config_service");
    }

    @Test
    void shouldKeepParametersWhenReplacingDatabase() {
        assertThat(endpoint("jdbc:postgresql://db.example:5432/admin?sslmode=require&connectTimeout=5")
                .urlFor("reporting"))
                .isEqualTo("jdbc:postgresql://db.example:5432/reporting?sslmode=require&connectTimeout=5");
    }

    @Test
    void shouldAddDatabaseWhenUrlNamesNone() {
        assertThat(endpoint("jdbc:postgresql://localhost:5432").urlFor("event_ingest"))
                .isEqualTo("jdbc:postgresql://localhost:5432/event_ingest");
        assertThat(endpoint("jdbc:postgresql://localhost/?ssl=false").urlFor("event_ingest"))
                .isEqualTo("jdbc:postgresql://localhost/event_ingest?ssl=false");
    }

    @Test
    void shouldKeepEveryHostWhenUrlListsSeveral() {
        assertThat(endpoint("jdbc:postgresql://a:5432,b:5433/x?targetServerType=primary").urlFor("reporting"))
                .isEqualTo("jdbc:postgresql://a:5432,b:5433/reporting?targetServerType=primary");
    }

    @Test
    void shouldRejectUrlWhenNotPostgres() {
        assertThatIllegalArgumentException().isThrownBy(() -> endpoint("jdbc:mysql://localhost/x"))
                .withMessageContaining("jdbc:postgresql://host:port/database");
    }

    @Test
    void shouldRejectDatabaseNameWhenNotAPlainIdentifier() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> endpoint("jdbc:postgresql://localhost/x").urlFor("x\"; DROP DATABASE y"));
    }

    @Test
    void shouldHideParametersWhenDisplayed() {
        assertThat(endpoint("jdbc:postgresql://h:5432/db?password=secret").displayUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db");
    }
}
