-- Issue 8: the event contract for analysis. New columns for the fields the events now carry; V1 stays as released.
-- ADD COLUMN on a partitioned table adds the column to every partition; the columns are nullable without a default,
-- so this is a catalog change only (no table rewrite) however many rows exist.
--
-- NULL means "absent": rows loaded before this migration, records written before the field existed (their Avro
-- defaults, UNKNOWN unit type and empty unit id or exposure key, are stored as NULL), or an optional field not sent.
-- Unit types are 'SESSION' or 'USER'. Ids are compared byte-wise (COLLATE "C") like the other id columns.
--
-- No index is added: the report queries of the README read all coverage of one experiment (the existing
-- coverage_experiment_idx finds it) and all ORDER events of a date range, so an index on the exposure key would only
-- save the sort of the first-exposure-per-key step, while every ingested coverage row would pay for its maintenance
-- (index maintenance is most of the write time, README "Benchmark").

-- Holdout of every decision: its unit type, the id hashed for it (NULL when the request had none of that type) and
-- its share in basis points (0 also in records written before the field existed). The membership itself is the V1
-- column holdout.
ALTER TABLE decisions
    ADD COLUMN holdout_unit_type    text,
    ADD COLUMN holdout_unit_id      text COLLATE "C",
    ADD COLUMN holdout_basis_points integer;

-- The unit each experiment of a decision hashed.
ALTER TABLE decision_experiments
    ADD COLUMN unit_type text,
    ADD COLUMN unit_id   text COLLATE "C";

-- The unit exposed, its bucket, the exposure identity (experimentId/phase/unitType/unitId: reporting counts the first
-- coverage per key by event_time) and the server time of the assignment confirmed (exposure token), if any.
ALTER TABLE coverage
    ADD COLUMN unit_type     text,
    ADD COLUMN unit_id       text COLLATE "C",
    ADD COLUMN bucket        integer,
    ADD COLUMN exposure_key  text COLLATE "C",
    ADD COLUMN decision_time timestamptz;

-- The shop's order id: revenue is deduplicated on (unit, order_id).
ALTER TABLE tracking_events
    ADD COLUMN order_id text COLLATE "C";
