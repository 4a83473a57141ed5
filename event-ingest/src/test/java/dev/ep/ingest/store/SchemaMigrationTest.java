package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

    @Test
    void shouldFailStartUpWhenTheMigrationFailsAlthoughPostgresAnswers() {
        // given
        SchemaMigration migration = new SchemaMigration(Duration.ofMillis(1), Duration.ofMillis(2), Clock.systemUTC());

        // then
        assertThatThrownBy(() -> migration.migrateAtStart("db", db -> {
            throw new IllegalStateException("checksum mismatch", new SQLException("syntax", "42601"));
        })).hasMessage("checksum mismatch");
        assertThat(migration.isMigrated()).isFalse();
    }

    @Test
    void shouldStartAndRetryInTheBackgroundUntilMigratedWhenPostgresIsUnreachable() throws Exception {
        // given: unreachable for the first three attempts
        AtomicInteger attempts = new AtomicInteger();
        SchemaMigration migration = new SchemaMigration(Duration.ofMillis(1), Duration.ofMillis(4), Clock.systemUTC());

        // when
        migration.migrateAtStart("db", db -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new IllegalStateException("no connection", new SQLException("refused", "08001"));
            }
        });

        // then
        assertThat(migration.awaitMigrated(Duration.ofSeconds(30))).isTrue();
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(migration.waiting()).isEmpty();
        migration.close();
    }

    @Test
    void shouldCallOnlyConnectionFailuresUnreachable() {
        assertThat(SchemaMigration.isUnreachable(new RuntimeException(new SQLException("x", "08006")))).isTrue();
        assertThat(SchemaMigration.isUnreachable(new SQLException("starting up", "57P03"))).isTrue();
        assertThat(SchemaMigration.isUnreachable(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(SchemaMigration.isUnreachable(new java.sql.SQLTransientConnectionException("pool"))).isTrue();
        assertThat(SchemaMigration.isUnreachable(new SQLException("no such table", "42P01"))).isFalse();
        assertThat(SchemaMigration.isUnreachable(new IllegalStateException("other"))).isFalse();
    }
}
