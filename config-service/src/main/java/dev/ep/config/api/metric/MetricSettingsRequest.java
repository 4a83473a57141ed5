package dev.ep.config.api.metric;

/**
 * Body of {@code PUT /v1/metrics/{name}/settings}: replaces the metric's analysis settings. {@code harmDirection} is
 * required ({@code decrease_is_harm} or {@code increase_is_harm}); {@code tau2} absent or null returns the metric to
 * reporting's data-dependent default. {@code reason} goes to the audit log.
 */
record MetricSettingsRequest(Double tau2, String harmDirection, String reason, Long expectedVersion) {
}
