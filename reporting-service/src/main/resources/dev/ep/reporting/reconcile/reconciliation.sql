-- "The reports match": every aggregate of one experiment, recomputed from event-ingest's tables with the stream's
-- attribution rules (reporting-service README, "Reconciliation"). In psql:
--   PREPARE reconcile(text, timestamptz, bigint, jsonb) AS <this statement>;
--   EXECUTE reconcile('checkout', '2026-11-30T09:00:00Z', 604800000, '<rules>');
-- Parameters: 1 experiment id, 2 cut-off (server time; inputs at or before it count), 3 attribution window in ms,
--   4 rules (jsonb): {"phases": [{"number": 2, "startedAt": "...", "changedSlots": [[0, 3000]]}],
--                     "stoppedAt": null,
--                     "cuped": {"prePeriodDays": 14, "historyDays": 56, "customNamesPerDay": 16},
--                     "metrics": [{"metric": "conversion", "eventType": "ORDER", "eventName": null,
--                                  "aggregation": "OCCURRED"}, ...]}
--   aggregation: OCCURRED (y = 1 if any), COUNT, SUM (of value_minor), RATIO (y = SUM, x = COUNT).
-- One row per aggregate: METRIC (phase, treatment, metric: n, sum_y, sum_y2, sum_x, sum_x2, sum_xy),
-- COVERAGE_UNITS and ASSIGNMENT_UNITS (phase, treatment: n).
-- Experiment id _holdout: the holdout's intent-to-treat comparison (phase 0, arms held-out / not-held-out), whose
-- units are exposed by their first decision naming them as holdout unit, not by coverage.
-- CUPED x: a USER experiment's unit's metric over the P whole UTC days before the UTC day of the experiment's start
-- (x = 0 when first exposed H days or more after the pre-period's first day); otherwise (SESSION experiments, the
-- holdout) its metric over the window before its first exposure.
WITH params AS (
    SELECT CAST($1 AS text)        AS experiment_id,
           CAST($2 AS timestamptz) AS cut_off,
           CAST($3 AS bigint) * interval '1 millisecond' AS attribution_window,
           CAST($4 AS jsonb)       AS rules
), metrics AS (
    SELECT m->>'metric' AS metric, m->>'eventType' AS event_type, m->>'eventName' AS event_name,
           m->>'aggregation' AS aggregation
    FROM params p, jsonb_array_elements(p.rules->'metrics') AS m
), cuped AS (
    -- one row: the pre-period [pre_from, pre_to) and the exposure time from which a unit has no covariate; null
    -- while the configuration has no phase. Days are 24 hours of UTC whatever the session's time zone.
    SELECT s.start_day - CAST(p.rules->'cuped'->>'prePeriodDays' AS integer) * interval '24 hours' AS pre_from,
           s.start_day AS pre_to,
           s.start_day + (CAST(p.rules->'cuped'->>'historyDays' AS integer)
                          - CAST(p.rules->'cuped'->>'prePeriodDays' AS integer)) * interval '24 hours'
               AS exposed_before,
           CAST(p.rules->'cuped'->>'customNamesPerDay' AS integer) AS names_per_day
    FROM params p,
         (SELECT date_trunc('day', min(CAST(ph->>'startedAt' AS timestamptz)), 'UTC') AS start_day
          FROM params q, jsonb_array_elements(q.rules->'phases') AS ph) AS s
), experiment_coverage AS (
    SELECT c.*
    FROM coverage c, params p
    WHERE c.experiment_id = p.experiment_id
      AND c.event_time <= p.cut_off
      AND c.unit_type IS NOT NULL AND c.unit_id IS NOT NULL
), held_out AS (
    -- a unit the holdout holds out is in no experiment of its unit type
    SELECT DISTINCT d.holdout_unit_type AS unit_type, d.holdout_unit_id AS unit_id
    FROM decisions d, params p
    WHERE d.holdout AND d.holdout_unit_id IS NOT NULL AND d.event_time <= p.cut_off
), excluded AS (
    -- any forced (QA) coverage takes the unit out of the experiment, whenever it came
    SELECT unit_type, unit_id FROM experiment_coverage GROUP BY unit_type, unit_id HAVING bool_or(forced)
    UNION
    SELECT unit_type, unit_id FROM held_out
), holdout_decisions AS (
    -- _holdout only: the decisions that name a holdout unit, with the arm they put it in
    SELECT d.holdout_unit_type AS unit_type, d.holdout_unit_id AS unit_id,
           CASE WHEN d.holdout THEN 'held-out' ELSE 'not-held-out' END AS treatment, d.event_time, d.event_id
    FROM decisions d, params p
    WHERE p.experiment_id = '_holdout' AND d.event_time <= p.cut_off
      AND d.holdout_unit_type IS NOT NULL AND d.holdout_unit_id IS NOT NULL
), first_exposure AS (
    -- the unit's first coverage of the experiment by server time, whatever its phase: it counts in that phase only
    -- (_holdout: its first decision, phase 0)
    SELECT DISTINCT ON (unit_type, unit_id) unit_type, unit_id, phase, treatment, slot, event_time AS exposed_at
    FROM (SELECT unit_type, unit_id, phase, treatment, slot, event_time, event_id FROM experiment_coverage
          UNION ALL
          SELECT unit_type, unit_id, 0, treatment, NULL, event_time, event_id FROM holdout_decisions) AS c
    ORDER BY unit_type, unit_id, event_time, event_id
), exposed AS (
    -- attribution ends at the window's end, the start of a later phase that moved the unit's slot, or the stop;
    -- the holdout's comparison excludes nobody
    SELECT f.*,
           least(f.exposed_at + p.attribution_window,
                 (SELECT min(CAST(ph->>'startedAt' AS timestamptz))
                  FROM jsonb_array_elements(p.rules->'phases') AS ph
                  WHERE CAST(ph->>'number' AS integer) > f.phase
                    AND EXISTS (SELECT 1 FROM jsonb_array_elements(ph->'changedSlots') AS r
                                WHERE f.slot >= CAST(r->>0 AS integer) AND f.slot < CAST(r->>1 AS integer))),
                 CAST(p.rules->>'stoppedAt' AS timestamptz)) AS ends_at,
           f.unit_type = 'USER' AND p.experiment_id <> '_holdout' AS pre_period,
           CASE WHEN f.unit_type <> 'USER' OR p.experiment_id = '_holdout' THEN f.exposed_at - p.attribution_window
                WHEN f.exposed_at < k.exposed_before THEN k.pre_from END AS pre_from,
           CASE WHEN f.unit_type <> 'USER' OR p.experiment_id = '_holdout' THEN f.exposed_at
                WHEN f.exposed_at < k.exposed_before THEN k.pre_to END AS pre_to
    FROM first_exposure f, params p, cuped k
    WHERE p.experiment_id = '_holdout'
       OR NOT EXISTS (SELECT 1 FROM excluded x WHERE x.unit_type = f.unit_type AND x.unit_id = f.unit_id)
), unit_events AS (
    -- a tracking event belongs to its session unit and, when it has a user id, to its user unit
    SELECT 'SESSION' AS unit_type, t.session_id AS unit_id, t.event_id, t.received_time, t.type, t.name,
           coalesce(t.value_minor, 0) AS value, t.order_id
    FROM tracking_events t, params p
    WHERE t.received_time <= p.cut_off
    UNION ALL
    SELECT 'USER', t.user_id, t.event_id, t.received_time, t.type, t.name, coalesce(t.value_minor, 0), t.order_id
    FROM tracking_events t, params p
    WHERE t.user_id IS NOT NULL AND t.received_time <= p.cut_off
), distinct_events AS (
    -- an event id counts once per unit
    SELECT DISTINCT ON (u.unit_type, u.unit_id, u.event_id) u.*
    FROM unit_events u
    JOIN exposed e ON e.unit_type = u.unit_type AND e.unit_id = u.unit_id
    ORDER BY u.unit_type, u.unit_id, u.event_id, u.received_time
), deduplicated AS (
    -- an order resent with another event id counts once per (unit, type, order id): the first received
    SELECT DISTINCT ON (unit_type, unit_id, CASE WHEN order_id IS NULL THEN event_id END,
                        CASE WHEN order_id IS NOT NULL THEN type END, order_id) *
    FROM distinct_events
    ORDER BY unit_type, unit_id, CASE WHEN order_id IS NULL THEN event_id END,
             CASE WHEN order_id IS NOT NULL THEN type END, order_id, received_time, event_id
), overflow_days AS (
    -- a user's UTC day with more distinct custom event names than its history keeps: no custom covariate from it
    SELECT d.unit_type, d.unit_id, date_trunc('day', d.received_time, 'UTC') AS day
    FROM deduplicated d, cuped k
    WHERE d.type = 'CUSTOM' AND d.unit_type = 'USER'
    GROUP BY d.unit_type, d.unit_id, date_trunc('day', d.received_time, 'UTC'), k.names_per_day
    HAVING count(DISTINCT d.name) > k.names_per_day
), marked AS (
    SELECT d.*, o.unit_id IS NOT NULL AS names_overflowed
    FROM deduplicated d
    LEFT JOIN overflow_days o
      ON o.unit_type = d.unit_type AND o.unit_id = d.unit_id AND o.day = date_trunc('day', d.received_time, 'UTC')
), per_unit AS (
    SELECT e.phase, e.treatment, m.metric, m.aggregation,
           count(d.event_id) FILTER (WHERE d.received_time >= e.exposed_at AND d.received_time < e.ends_at) AS n_in,
           coalesce(sum(d.value) FILTER (WHERE d.received_time >= e.exposed_at AND d.received_time < e.ends_at), 0)
               AS value_in,
           count(d.event_id) FILTER (WHERE d.received_time >= e.pre_from AND d.received_time < e.pre_to
                                       AND NOT (e.pre_period AND d.type = 'CUSTOM' AND d.names_overflowed)) AS n_pre,
           coalesce(sum(d.value) FILTER (WHERE d.received_time >= e.pre_from AND d.received_time < e.pre_to
                                          AND NOT (e.pre_period AND d.type = 'CUSTOM' AND d.names_overflowed)), 0)
               AS value_pre
    FROM exposed e
    CROSS JOIN metrics m
    LEFT JOIN marked d
      ON d.unit_type = e.unit_type AND d.unit_id = e.unit_id
     AND d.type = m.event_type AND (m.event_name IS NULL OR d.name = m.event_name)
    GROUP BY e.unit_type, e.unit_id, e.phase, e.treatment, m.metric, m.aggregation
), unit_values AS (
    SELECT phase, treatment, metric,
           CAST(CASE aggregation WHEN 'OCCURRED' THEN CASE WHEN n_in > 0 THEN 1 ELSE 0 END
                                 WHEN 'COUNT' THEN n_in
                                 ELSE value_in END AS numeric) AS y,
           CAST(CASE aggregation WHEN 'RATIO' THEN n_in
                                 WHEN 'OCCURRED' THEN CASE WHEN n_pre > 0 THEN 1 ELSE 0 END
                                 WHEN 'COUNT' THEN n_pre
                                 ELSE value_pre END AS numeric) AS x
    FROM per_unit
), assigned AS (
    -- SRM on assignment: a unit's first non-forced decision of each phase (_holdout: its first decision)
    (SELECT DISTINCT ON (de.phase, de.unit_type, de.unit_id) de.phase, de.treatment
     FROM decision_experiments de, params p
     WHERE de.experiment_id = p.experiment_id AND NOT de.forced AND de.event_time <= p.cut_off
       AND de.unit_type IS NOT NULL AND de.unit_id IS NOT NULL
     ORDER BY de.phase, de.unit_type, de.unit_id, de.event_time, de.event_id)
    UNION ALL
    (SELECT DISTINCT ON (unit_type, unit_id) 0, treatment
     FROM holdout_decisions
     ORDER BY unit_type, unit_id, event_time, event_id)
)
SELECT 'METRIC' AS aggregate, phase, treatment, metric, count(*) AS n,
       sum(y) AS sum_y, sum(y * y) AS sum_y2, sum(x) AS sum_x, sum(x * x) AS sum_x2, sum(x * y) AS sum_xy
FROM unit_values
GROUP BY phase, treatment, metric
UNION ALL
SELECT 'COVERAGE_UNITS', phase, treatment, NULL, count(*), NULL, NULL, NULL, NULL, NULL
FROM exposed
GROUP BY phase, treatment
UNION ALL
SELECT 'ASSIGNMENT_UNITS', phase, treatment, NULL, count(*), NULL, NULL, NULL, NULL, NULL
FROM assigned
GROUP BY phase, treatment
ORDER BY 1, 2, 3, 4
