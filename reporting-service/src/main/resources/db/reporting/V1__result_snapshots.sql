-- One row per arm (experiment, phase, treatment) per snapshot in which it changed: the exact aggregates of
-- ep.results at that time, for time series. Unchanged arms are carried forward by the reader.
CREATE TABLE result_snapshot (
    experiment_id  text        NOT NULL,
    phase          integer     NOT NULL,
    treatment      text        NOT NULL,
    taken_at       timestamptz NOT NULL,
    current_to     timestamptz,
    exposed_units  bigint      NOT NULL,
    assigned_units bigint      NOT NULL,
    -- metric -> {"n", "sumY", "sumY2", "sumX", "sumX2", "sumXY"} (exact integers as JSON numbers)
    metrics        jsonb       NOT NULL,
    PRIMARY KEY (experiment_id, phase, taken_at, treatment)
);

CREATE INDEX result_snapshot_taken_at ON result_snapshot (taken_at);
