-- config-service event store. Tables are prefixed config_ so the database can be shared with other services.

-- The append-only, hash-chained event log. sequence is the global order of all changes: gapless, assigned under
-- the lock on config_chain_head, so sequence order is commit order (a nextval() identity would leave gaps on
-- rollback and could commit out of order).
CREATE TABLE config_event (
    sequence          bigint      PRIMARY KEY CHECK (sequence > 0),
    aggregate_type    text        NOT NULL,
    aggregate_id      text        NOT NULL,
    aggregate_version integer     NOT NULL CHECK (aggregate_version > 0),
    event_type        text        NOT NULL,
    payload           jsonb       NOT NULL,
    actor             text        NOT NULL,
    reason            text,
    occurred_at       timestamptz NOT NULL,
    prev_hash         text,
    hash              text        NOT NULL,
    CONSTRAINT config_event_aggregate_version UNIQUE (aggregate_type, aggregate_id, aggregate_version)
);

-- One row: the end of the chain. Every writer locks it (SELECT ... FOR UPDATE) first, which serializes writers.
CREATE TABLE config_chain_head (
    id            smallint PRIMARY KEY CHECK (id = 1),
    last_sequence bigint   NOT NULL,
    last_hash     text
);
INSERT INTO config_chain_head (id, last_sequence, last_hash) VALUES (1, 0, NULL);

-- Transactional outbox: one row per event, committed with it; the relay marks rows published after Kafka acks.
CREATE TABLE config_outbox (
    sequence     bigint      PRIMARY KEY REFERENCES config_event (sequence),
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX config_outbox_unpublished ON config_outbox (sequence) WHERE published_at IS NULL;

-- Current state per aggregate (a cache of the fold of config_event, rewritten in the same transaction).
CREATE TABLE config_projection (
    aggregate_type text    NOT NULL,
    aggregate_id   text    NOT NULL,
    version        integer NOT NULL,
    last_sequence  bigint  NOT NULL,
    status         text,
    layer_id       text,
    owner          text,
    state          jsonb   NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id)
);

-- Append-only in the database too: UPDATE, DELETE and TRUNCATE of the event log fail. Only the table owner or a
-- superuser can get around this (ALTER TABLE ... DISABLE TRIGGER, session_replication_role = replica), and the hash
-- chain (GET /v1/audit/verify) then shows where the log was changed.
CREATE FUNCTION config_event_reject_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'config_event is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER config_event_append_only
    BEFORE UPDATE OR DELETE ON config_event
    FOR EACH ROW EXECUTE FUNCTION config_event_reject_change();

CREATE TRIGGER config_event_no_truncate
    BEFORE TRUNCATE ON config_event
    FOR EACH STATEMENT EXECUTE FUNCTION config_event_reject_change();

REVOKE UPDATE, DELETE, TRUNCATE ON config_event FROM PUBLIC;
