-- Guardrail auto-pause: what reporting-service paused (or found already not running), per experiment and phase, so
-- that no instance - after a restart, or a second instance - pauses again an experiment whose owner resumed it in
-- that phase. A row is also the claim that makes exactly one instance call config-service: the instance that inserts
-- it (ON CONFLICT DO NOTHING) acts; a claim left by an instance that died mid-pause is taken over after its lease.
-- Bounded by time: rows older than ep.reporting.guardrail.memory (default 400 days) are deleted at each check.
CREATE TABLE auto_pause_action (
    experiment_id text        NOT NULL,
    phase         integer     NOT NULL,
    -- CLAIMED (an instance is pausing it now), PAUSED, ALREADY_NOT_RUNNING (both final for the phase)
    outcome       text        NOT NULL CHECK (outcome IN ('CLAIMED', 'PAUSED', 'ALREADY_NOT_RUNNING')),
    instance_id   text        NOT NULL,
    claimed_at    timestamptz NOT NULL,
    decided_at    timestamptz,
    reason        text,
    PRIMARY KEY (experiment_id, phase)
);

CREATE INDEX auto_pause_action_claimed_at ON auto_pause_action (claimed_at);
