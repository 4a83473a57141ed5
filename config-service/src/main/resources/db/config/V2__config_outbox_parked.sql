-- A row whose records Kafka or the registry can never accept (too large, an incompatible schema) is parked: the
-- relay publishes what follows and reports it (health DOWN, metric) until an admin releases it
-- (DELETE /v1/relay/parked/{sequence}, config-service README).
ALTER TABLE config_outbox ADD COLUMN parked_at timestamptz, ADD COLUMN park_reason text;
DROP INDEX config_outbox_unpublished;
CREATE INDEX config_outbox_pending ON config_outbox (sequence) WHERE published_at IS NULL AND parked_at IS NULL;
