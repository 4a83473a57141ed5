-- Runs once, when the postgres volume is first initialised: one database per service that owns one
-- (the same names the local launcher creates). schema_registry stays empty on this path: Confluent's
-- registry keeps its schemas in Kafka (_schemas topic).
CREATE DATABASE schema_registry;
CREATE DATABASE config_service;
CREATE DATABASE event_ingest;
CREATE DATABASE reporting;
