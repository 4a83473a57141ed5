-- The running minimum of every always-valid p-value this service has published, per (experiment, phase): the
-- published values only go down, across restarts and across instances (ResultsService, AlwaysValidMinima).
-- kind: 'srm_coverage' | 'srm_assignment' (metric and treatment '') or 'comparison'.
-- Bound: one row per phase of an experiment (two SRM rows, one per metric and treatment); rows not lowered or read
-- for the snapshot retention (400 days) are deleted with the snapshots.
CREATE TABLE always_valid_minimum (
    experiment_id text             NOT NULL,
    phase         integer          NOT NULL,
    kind          text             NOT NULL CHECK (kind IN ('srm_coverage', 'srm_assignment', 'comparison')),
    metric        text             NOT NULL,
    treatment     text             NOT NULL,
    p             double precision NOT NULL CHECK (p >= 0 AND p <= 1),
    updated_at    timestamptz      NOT NULL,
    PRIMARY KEY (experiment_id, phase, kind, metric, treatment)
);
CREATE INDEX always_valid_minimum_updated_at ON always_valid_minimum (updated_at);
