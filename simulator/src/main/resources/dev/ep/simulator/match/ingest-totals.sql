-- "The reports match" (issue 11, validation 4): one experiment phase's units, conversions, orders and revenue per
-- treatment, recomputed from event-ingest's tables with reporting-service's attribution rules (reporting-service
-- README, "Attribution rules" and "Reconciliation"; this is the subset of its reconciliation SQL that the four figures
-- need, written again so that the simulator does not depend on reporting-service).
-- Parameters: 1 experiment id, 2 phase, 3 attribution window in ms, 4 cut-off (server time, inputs at or before it
-- count; NULL = no cut-off), 5 the experiment's phases opened by weight changes as JSON
-- ([{"number": 2, "startedAt": "...", "changedSlots": [[0, 3000]]}], as config-service recorded them).
-- Rules: a unit is exposed by its first coverage of the experiment by server time (any phase; it counts only in that
-- phase); any forced (QA) coverage of the experiment, or a held-out decision of its unit, excludes it; its ORDER
-- events are those of its session (SESSION units) or of its user in any session (USER units); an event id counts once
-- per unit, an order id once per unit (the first received); an order counts when it was received in
-- [exposure, end), where the end is exposure + window or, earlier, the start of a later phase that moved the unit's
-- slot (carry-over). Not applied: a stop ending attribution early (the simulator does not stop an experiment while it
-- counts).
WITH params AS (
    SELECT CAST(? AS text)    AS experiment_id,
           CAST(? AS integer) AS phase,
           CAST(? AS bigint) * interval '1 millisecond' AS attribution_window,
           coalesce(CAST(? AS timestamptz), 'infinity'::timestamptz) AS cut_off,
           CAST(? AS jsonb) AS phases
), experiment_coverage AS (
    SELECT c.unit_type, c.unit_id, c.phase, c.treatment, c.slot, c.forced, c.event_time, c.event_id
    FROM coverage c, params p
    WHERE c.experiment_id = p.experiment_id
      AND c.event_time <= p.cut_off
      AND c.unit_type IS NOT NULL AND c.unit_id IS NOT NULL
), excluded AS (
    SELECT unit_type, unit_id FROM experiment_coverage GROUP BY unit_type, unit_id HAVING bool_or(forced)
    UNION
    SELECT DISTINCT d.holdout_unit_type, d.holdout_unit_id
    FROM decisions d, params p
    WHERE d.holdout AND d.holdout_unit_id IS NOT NULL AND d.event_time <= p.cut_off
), first_exposure AS (
    SELECT DISTINCT ON (unit_type, unit_id) unit_type, unit_id, phase, treatment, slot, event_time AS exposed_at
    FROM experiment_coverage
    ORDER BY unit_type, unit_id, event_time, event_id
), exposed AS (
    SELECT f.unit_type, f.unit_id, f.treatment, f.exposed_at,
           least(f.exposed_at + p.attribution_window,
                 (SELECT min(CAST(ph->>'startedAt' AS timestamptz))
                  FROM jsonb_array_elements(p.phases) AS ph
                  WHERE CAST(ph->>'number' AS integer) > f.phase
                    AND EXISTS (SELECT 1 FROM jsonb_array_elements(ph->'changedSlots') AS r
                                WHERE f.slot >= CAST(r->>0 AS integer) AND f.slot < CAST(r->>1 AS integer))))
               AS ends_at
    FROM first_exposure f, params p
    WHERE f.phase = p.phase
      AND NOT EXISTS (SELECT 1 FROM excluded x WHERE x.unit_type = f.unit_type AND x.unit_id = f.unit_id)
), unit_orders AS (
    SELECT e.unit_type, e.unit_id, t.event_id, t.order_id, t.received_time, coalesce(t.value_minor, 0) AS value
    FROM exposed e
    JOIN tracking_events t ON e.unit_type = 'SESSION' AND t.session_id = e.unit_id
    CROSS JOIN params p
    WHERE t.type = 'ORDER' AND t.received_time <= p.cut_off
    UNION ALL
    SELECT e.unit_type, e.unit_id, t.event_id, t.order_id, t.received_time, coalesce(t.value_minor, 0)
    FROM exposed e
    JOIN tracking_events t ON e.unit_type = 'USER' AND t.user_id = e.unit_id
    CROSS JOIN params p
    WHERE t.type = 'ORDER' AND t.received_time <= p.cut_off
), distinct_events AS (
    -- an event id counts once per unit
    SELECT DISTINCT ON (unit_type, unit_id, event_id) *
    FROM unit_orders
    ORDER BY unit_type, unit_id, event_id, received_time
), deduplicated AS (
    -- an order resent with another event id counts once per (unit, order id): the first received
    SELECT DISTINCT ON (unit_type, unit_id, order_id IS NULL, coalesce(order_id, event_id)) *
    FROM distinct_events
    ORDER BY unit_type, unit_id, order_id IS NULL, coalesce(order_id, event_id), received_time, event_id
), per_unit AS (
    SELECT e.treatment,
           count(d.event_id) FILTER (WHERE d.received_time >= e.exposed_at AND d.received_time < e.ends_at) AS orders,
           coalesce(sum(d.value) FILTER (WHERE d.received_time >= e.exposed_at AND d.received_time < e.ends_at), 0)
               AS revenue
    FROM exposed e
    LEFT JOIN deduplicated d ON d.unit_type = e.unit_type AND d.unit_id = e.unit_id
    GROUP BY e.unit_type, e.unit_id, e.treatment
)
SELECT treatment,
       count(*)                          AS units,
       count(*) FILTER (WHERE orders > 0) AS conversions,
       sum(orders)                       AS orders,
       sum(revenue)                      AS revenue_minor
FROM per_unit
GROUP BY treatment
ORDER BY treatment
