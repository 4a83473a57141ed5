package dev.ep.simulator.match;

/** Where the platform's figures come from. */
public enum Source {
    /** {@code GET /v1/experiments/{id}/results}: the stream's exact sums in its {@code statistics} member. */
    REPORTING_SERVICE("reporting-service"),
    /** event-ingest's PostgreSQL tables, through {@link IngestTotalsQuery}'s SQL. */
    EVENT_INGEST("event-ingest PostgreSQL");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
