-- The scheduled reconciliation's runs: one row per (experiment, period of ep.reporting.reconcile.interval). The row
-- is also the claim: the instance whose INSERT ... ON CONFLICT DO NOTHING succeeds runs that period's reconciliation,
-- so two instances never both run it. Bounded by time: rows older than ep.reporting.reconcile.retention (default 90
-- days) are deleted at each run.
CREATE TABLE reconciliation_run (
    experiment_id     text        NOT NULL,
    period_start      timestamptz NOT NULL,
    instance_id       text        NOT NULL,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz,
    -- RUNNING until finished (left so when the instance died mid-run); then the run's outcome
    outcome           text        NOT NULL
        CHECK (outcome IN ('RUNNING', 'MATCH', 'MISMATCH', 'NOT_COMPARABLE', 'ERROR')),
    cut_off           timestamptz,
    stream_current_to timestamptz,
    aggregates        bigint,
    mismatches        bigint,
    reason            text,
    PRIMARY KEY (experiment_id, period_start)
);

CREATE INDEX reconciliation_run_started_at ON reconciliation_run (started_at);
