package dev.ep.config.api.experiment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Request bodies of the experiment endpoints. Unknown members are refused (strict JSON). */
final class ExperimentRequests {

    private ExperimentRequests() {
    }

    /** A treatment: {@code weight} in percent (all summing to 100) or basis points (summing to 10000). */
    record TreatmentBody(String name, String description, Boolean control, BigDecimal weight, JsonNode variables) {
    }

    /**
     * Create (POST) or replace a draft (PUT); on PUT the id may be left out but must match the path if given.
     * {@code unit} ({@code session} or {@code user}) must be the layer's; left out, it is the layer's.
     */
    record DefinitionBody(String id, String name, String hypothesis, String owner, String layer, String unit,
            String salt, List<TreatmentBody> treatments, JsonNode targeting, String primaryMetric,
            List<String> guardrailMetrics, Map<String, String> overrides, Boolean autoPause, Long expectedVersion) {
    }

    /** Start or ramp: exactly one of {@code trafficPercent} and {@code trafficBasisPoints}; a reason is required. */
    record TrafficBody(BigDecimal trafficPercent, Integer trafficBasisPoints, String reason, Long expectedVersion) {
    }

    /** New weights by treatment name, percent or basis points. */
    record WeightsBody(Map<String, BigDecimal> weights, String reason, Long expectedVersion) {
    }

    record OverridesBody(Map<String, String> overrides, String reason, Long expectedVersion) {
    }

    /** The targeting document: {@code {"pages": [...], "rule": {...}}}. */
    record TargetingBody(JsonNode targeting, String reason, Long expectedVersion) {
    }

    /** Pause, resume, stop (stop needs a reason). */
    record ReasonBody(String reason, Long expectedVersion) {
    }
}
