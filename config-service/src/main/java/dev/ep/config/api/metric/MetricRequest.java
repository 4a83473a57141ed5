package dev.ep.config.api.metric;

/** Body of {@code POST /v1/metrics}: a custom event metric ({@code aggregation}: occurred, count or sum). */
record MetricRequest(String name, String eventName, String aggregation, String description) {
}
