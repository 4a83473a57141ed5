package dev.ep.registry.config;

import dev.ep.registry.core.CompatibilityLevel;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Global and per-subject compatibility levels, kept in PostgreSQL so every registry instance sees the same. */
@Repository
public class CompatibilityConfig {

    private final JdbcClient jdbc;
    private final RegistryProperties properties;

    CompatibilityConfig(JdbcClient jdbc, RegistryProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public CompatibilityLevel global() {
        return jdbc.sql("select compatibility from registry_global_config")
                .query(String.class).optional()
                .map(CompatibilityLevel::valueOf)
                .orElse(properties.defaultCompatibility());
    }

    public void setGlobal(CompatibilityLevel level) {
        jdbc.sql("""
                insert into registry_global_config (singleton, compatibility) values (true, :level)
                on conflict (singleton) do update set compatibility = excluded.compatibility, updated_at = now()
                """).param("level", level.name()).update();
    }

    public Optional<CompatibilityLevel> subject(String subject) {
        return jdbc.sql("select compatibility from registry_subject_config where subject = :subject")
                .param("subject", subject)
                .query(String.class).optional()
                .map(CompatibilityLevel::valueOf);
    }

    public void setSubject(String subject, CompatibilityLevel level) {
        jdbc.sql("""
                insert into registry_subject_config (subject, compatibility) values (:subject, :level)
                on conflict (subject) do update set compatibility = excluded.compatibility, updated_at = now()
                """).param("subject", subject).param("level", level.name()).update();
    }

    /** Removes the subject's own level; returns the level it had. */
    public Optional<CompatibilityLevel> deleteSubject(String subject) {
        return jdbc.sql("delete from registry_subject_config where subject = :subject returning compatibility")
                .param("subject", subject)
                .query(String.class).optional()
                .map(CompatibilityLevel::valueOf);
    }

    /** The level that applies to a subject: its own, else the global one. */
    public CompatibilityLevel effective(String subject) {
        return subject(subject).orElseGet(this::global);
    }
}
