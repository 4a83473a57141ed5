package dev.ep.assignment.assign;

import dev.ep.assignment.api.ApiException;
import dev.ep.assignment.api.ErrorCode;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.Explanation;
import dev.ep.assignment.core.LayerOutcome;
import dev.ep.assignment.hashing.HashSpace;
import dev.ep.assignment.system.AssignmentProperties;
import dev.ep.targeting.RuleExplanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/explain?sessionId=..&userId=..&page=..&attr.<name>=..}: every step of the decision for one unit and
 * context (holdout hash, each layer's hashes, buckets and owners, each targeting node, slot, treatment). Emits nothing.
 * It reveals the salts, so it needs the API key; with none configured it is off (403 {@code EXPLAIN_DISABLED}) unless
 * {@code ep.assignment.explain-enabled} is set.
 */
@RestController
class ExplainController {

    private final AssignmentService service;
    private final boolean served;

    ExplainController(AssignmentService service, AssignmentProperties properties) {
        this.service = service;
        this.served = properties.explainServed();
    }

    @GetMapping(path = "/v1/explain", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> explain(@RequestParam Map<String, String> query) {
        if (!served) {
            throw new ApiException(ErrorCode.EXPLAIN_DISABLED, "explain shows the hash salts, so it needs a credential:"
                    + " configure an API key (EP_ASSIGNMENT_API_KEY_HASHES) and send it in X-Api-Key, or enable explain"
                    + " without one on a trusted setup (EP_ASSIGNMENT_EXPLAIN_ENABLED=true)");
        }
        AssignmentRequest request = AssignController.QueryContext.request(query, Set.of());
        return view(service.explain(request));
    }

    static Map<String, Object> view(Explanation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("configVersion", e.configVersion());
        out.put("sessionId", e.request().sessionId());
        out.put("userId", e.request().userId());
        out.put("page", e.request().page());
        out.put("attributes", e.request().attributes());
        out.put("hashSpec", HashSpace.SPEC + "; docs/hashing.md");
        if (e.holdout() != null) {
            out.put("holdout", e.holdout());
        }
        out.put("heldOut", e.assignment().heldOut());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Explanation.LayerStep step : e.layers()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("layerId", step.layerId());
            layer.put("bucketCount", step.bucketCount());
            layer.put("units", step.units());
            layer.put("forcedBy", step.forcedBy());
            layer.put("experimentId", step.experimentId());
            layer.put("status", step.status());
            layer.put("unitType", step.unitType());
            layer.put("heldOut", step.heldOut());
            if (step.targeting() != null) {
                Map<String, Object> targeting = new LinkedHashMap<>();
                targeting.put("matched", step.targeting().matched());
                targeting.put("pageMatched", step.targeting().pageMatched());
                targeting.put("pages", step.targeting().pages());
                targeting.put("rule", rule(step.targeting().rule()));
                layer.put("targeting", targeting);
            }
            layer.put("slot", step.slot());
            layer.put("outcome", outcome(step.outcome()));
            layers.add(layer);
        }
        out.put("layers", layers);
        out.put("assignments", e.assignment().assigned().stream().map(ExplainController::outcome).toList());
        out.put("configWarnings", e.configWarnings());
        return out;
    }

    private static Map<String, Object> rule(RuleExplanation r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", r.path());
        out.put("operator", r.operator());
        out.put("result", r.result());
        r.attribute().ifPresent(a -> out.put("attribute", a));
        if (r.attribute().isPresent()) {
            out.put("actual", r.actual().orElse(null));
        }
        r.expected().ifPresent(x -> out.put("expected", x));
        if (!r.children().isEmpty()) {
            out.put("children", r.children().stream().map(ExplainController::rule).toList());
        }
        return out;
    }

    private static Map<String, Object> outcome(LayerOutcome outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("layerId", outcome.layerId());
        if (outcome instanceof LayerOutcome.Assigned a) {
            out.put("result", "assigned");
            out.put("experimentId", a.experimentId());
            out.put("experimentVersion", a.experiment().version());
            out.put("phase", a.experiment().phase());
            out.put("treatment", a.treatment().name());
            out.put("unitType", a.unitType());
            out.put("unitId", a.unitId());
            out.put("bucket", a.bucket());
            out.put("slot", a.forced() ? null : a.slot());
            out.put("forced", a.forced());
        } else if (outcome instanceof LayerOutcome.Unowned u) {
            out.put("result", "no_experiment_owns_bucket");
            out.put("bucket", u.bucket());
        } else if (outcome instanceof LayerOutcome.NotRunning n) {
            out.put("result", "not_running");
            out.put("experimentId", n.experimentId());
            out.put("status", n.status());
        } else if (outcome instanceof LayerOutcome.NotEligible n) {
            out.put("result", "not_eligible");
            out.put("experimentId", n.experimentId());
            out.put("pageMatched", n.pageMatched());
        } else {
            out.put("result", "held_out");
        }
        return out;
    }
}
