package dev.ep.config.api.metric;

/**
 * Body of {@code POST /v1/metrics}: a custom event metric ({@code aggregation}: occurred, count or sum) and,
 * optionally, its analysis settings: {@code tau2} (absent: reporting's default) and {@code harmDirection}
 * ({@code decrease_is_harm}, the default, or {@code increase_is_harm}).
 */
record MetricRequest(String name, String eventName, String aggregation, String description, Double tau2,
        String harmDirection) {
}
