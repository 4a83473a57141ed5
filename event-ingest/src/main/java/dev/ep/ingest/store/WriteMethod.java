package dev.ep.ingest.store;

/** How a batch reaches the tables. Both are idempotent (ON CONFLICT DO NOTHING); the README has their figures. */
public enum WriteMethod {
    /** COPY into a session-local staging table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING per table. */
    COPY,
    /** Multi-row INSERT ... VALUES (...), (...) ... ON CONFLICT DO NOTHING statements. */
    INSERT
}
