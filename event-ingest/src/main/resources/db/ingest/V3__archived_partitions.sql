-- Issue 14 §3: the archive manifest. One row per Parquet file the archive job wrote and verified for one table and
-- one day (README "Archive"). A day normally has one file; a late event that recreates an archived day's partition
-- is archived as a further file of that day. Readers take the files whose rows have left PostgreSQL (dropped) and
-- the partitions still attached, so no row is counted twice or missed.
CREATE TABLE archived_partitions (
    table_name  text COLLATE "C" NOT NULL,  -- decisions, decision_experiments, coverage, tracking_events
    event_date  date        NOT NULL,
    file        text COLLATE "C" NOT NULL,  -- path relative to the archive directory
    rows        bigint      NOT NULL,       -- rows in the file
    checksum    text        NOT NULL,       -- order-independent checksum of the file's rows (README "Archive")
    source_rows bigint      NOT NULL,       -- rows of the partition when archived (file rows + rows already archived)
    dropped     boolean     NOT NULL DEFAULT false, -- the archived rows have left PostgreSQL
    archived_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    dropped_at  timestamptz,
    PRIMARY KEY (table_name, event_date, file)
);
