-- Event tables of event-ingest, designed for analysis. Every table is range-partitioned by day on event_date
-- (the UTC date of the event's time); partitions are created by the service (ahead of time and on demand) and
-- dropped by its retention job. The primary key (event_id, event_date) makes loading idempotent: rows are inserted
-- with ON CONFLICT DO NOTHING, so a redelivered record never makes a second row. ingested_at is the moment the row
-- was written (clock_timestamp(), not the transaction start), so ingested_at - received_time is the end-to-end lag.
-- Ids are compared byte-wise (COLLATE "C"): the indexes on them are maintained several times faster than with a
-- linguistic collation, and ids have no linguistic order anyway.

-- One row per AssignmentDecision (topic ep.assignments).
CREATE TABLE decisions (
    event_id         text COLLATE "C" NOT NULL,
    event_date       date        NOT NULL,
    event_time       timestamptz NOT NULL,
    session_id       text COLLATE "C" NOT NULL,
    user_id          text,
    page             text,
    attributes       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    config_version   bigint      NOT NULL,
    holdout          boolean     NOT NULL,
    experiment_count integer     NOT NULL,
    ingested_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (event_id, event_date)
) PARTITION BY RANGE (event_date);

CREATE INDEX decisions_session_idx ON decisions (session_id, event_time);

-- One row per experiment of a decision (AssignmentDecision.decisions[]), denormalised with the decision's time and
-- session so "who was assigned what" needs no join.
CREATE TABLE decision_experiments (
    event_id           text COLLATE "C" NOT NULL,
    event_date         date        NOT NULL,
    position           smallint    NOT NULL,
    event_time         timestamptz NOT NULL,
    session_id         text COLLATE "C" NOT NULL,
    user_id            text,
    layer_id           text COLLATE "C" NOT NULL,
    experiment_id      text COLLATE "C" NOT NULL,
    experiment_version integer     NOT NULL,
    phase              integer     NOT NULL,
    treatment          text COLLATE "C" NOT NULL,
    bucket             integer     NOT NULL,
    slot               integer,
    forced             boolean     NOT NULL,
    PRIMARY KEY (event_id, event_date, position)
) PARTITION BY RANGE (event_date);

CREATE INDEX decision_experiments_experiment_idx ON decision_experiments (experiment_id, treatment, event_date);

-- One row per CoverageEvent (topic ep.coverage): an exposure confirmed by the storefront.
CREATE TABLE coverage (
    event_id           text COLLATE "C" NOT NULL,
    event_date         date        NOT NULL,
    event_time         timestamptz NOT NULL,
    session_id         text COLLATE "C" NOT NULL,
    user_id            text,
    layer_id           text COLLATE "C" NOT NULL,
    experiment_id      text COLLATE "C" NOT NULL,
    experiment_version integer     NOT NULL,
    phase              integer     NOT NULL,
    treatment          text COLLATE "C" NOT NULL,
    slot               integer,
    forced             boolean     NOT NULL,
    page               text,
    config_version     bigint      NOT NULL,
    ingested_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (event_id, event_date)
) PARTITION BY RANGE (event_date);

CREATE INDEX coverage_session_idx ON coverage (session_id, event_time);
CREATE INDEX coverage_experiment_idx ON coverage (experiment_id, treatment, event_date);

-- One row per TrackingEvent (topic ep.events).
CREATE TABLE tracking_events (
    event_id      text COLLATE "C" NOT NULL,
    event_date    date        NOT NULL,
    event_time    timestamptz NOT NULL,
    received_time timestamptz NOT NULL,
    session_id    text COLLATE "C" NOT NULL,
    user_id       text,
    type          text        NOT NULL,
    name          text,
    page          text,
    value_minor   bigint,
    currency      text,
    properties    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    ingested_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (event_id, event_date)
) PARTITION BY RANGE (event_date);

CREATE INDEX tracking_events_session_idx ON tracking_events (session_id, event_time);
