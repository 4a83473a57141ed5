package dev.ep.assignment.assign;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ep.assignment.api.ApiException;
import dev.ep.assignment.api.ErrorCode;
import dev.ep.assignment.api.Inputs;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.LayerOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/assign} and its GET form: translate, validate, delegate. */
@RestController
class AssignController {

    static final int MAX_COVER = 100;

    private final AssignmentService service;

    AssignController(AssignmentService service) {
        this.service = service;
    }

    /**
     * @param cover optional: {@code "all"} or a list of experiment ids whose coverage is recorded in the same call
     */
    record AssignBody(String sessionId, String userId, String page, Map<String, Object> attributes, JsonNode cover) {
    }

    /**
     * @param exposureToken the proof of this assignment for {@code /v1/coverage} ({@code tokens}): recorded as served,
     *                      without resending the context; valid for the configured lifetime (24 h by default)
     * @param head          not in the answer: the JSON of the first four properties, rendered once per snapshot
     *                      ({@link ServedTable}), which {@link AssignJson} copies instead of writing them; {@code null}
     *                      when not at hand (then it writes them)
     */
    record AssignedExperiment(String experimentId, String layerId, String treatment,
            @JsonRawValue String variables, boolean forced, String exposureToken, @JsonIgnore byte[] head) {

        AssignedExperiment(String experimentId, String layerId, String treatment, String variables, boolean forced,
                String exposureToken) {
            this(experimentId, layerId, treatment, variables, forced, exposureToken, null);
        }
    }

    record AssignResponse(long configVersion, String sessionId, boolean holdout,
            List<AssignedExperiment> assignments, List<String> covered) {
    }

    @PostMapping(path = "/v1/assign", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    AssignResponse assign(@RequestBody AssignBody body) {
        AssignmentRequest request = new AssignmentRequest(Inputs.requiredId(body.sessionId(), "sessionId"),
                Inputs.optionalId(body.userId(), "userId"), Inputs.optionalPage(body.page(), "page"),
                Inputs.attributes(body.attributes(), "attributes"));
        return respond(request, cover(body.cover()));
    }

    /** {@code GET /v1/assign?sessionId=..&userId=..&page=..&cover=all|a,b&attr.country=DE}. */
    @GetMapping(path = "/v1/assign", produces = MediaType.APPLICATION_JSON_VALUE)
    AssignResponse assignGet(@RequestParam Map<String, String> query) {
        AssignmentRequest request = QueryContext.request(query, Set.of("cover"));
        String cover = query.get("cover");
        Cover c = cover == null ? Cover.NONE : cover.equals("all") ? Cover.ALL : ids(List.of(cover.split(",", -1)));
        return respond(request, c);
    }

    private AssignResponse respond(AssignmentRequest request, Cover cover) {
        AssignmentService.AssignResult result = service.assign(request, cover);
        List<LayerOutcome.Assigned> outcomes = result.assignment().assigned();
        List<AssignedExperiment> assigned = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            LayerOutcome.Assigned a = outcomes.get(i);
            assigned.add(new AssignedExperiment(a.experimentId(), a.layerId(), a.treatment().name(),
                    a.treatment().variables(), a.forced(), result.tokens()[i], result.heads()[i]));
        }
        return new AssignResponse(result.assignment().configVersion(), request.sessionId(),
                result.assignment().heldOut(), assigned, result.covered());
    }

    private static Cover cover(JsonNode cover) {
        if (cover == null || cover.isNull()) {
            return Cover.NONE;
        }
        if (cover.isString() && cover.asString().equals("all")) {
            return Cover.ALL;
        }
        if (cover.isArray()) {
            List<String> ids = new ArrayList<>();
            for (JsonNode id : cover) {
                if (!id.isString()) {
                    throw new ApiException(ErrorCode.INVALID_COVER, "cover must be \"all\" or a list of experiment ids");
                }
                ids.add(id.asString());
            }
            return ids(ids);
        }
        throw new ApiException(ErrorCode.INVALID_COVER, "cover must be \"all\" or a list of experiment ids");
    }

    private static Cover ids(List<String> ids) {
        if (ids.size() > MAX_COVER) {
            throw new ApiException(ErrorCode.INVALID_COVER, "cover lists " + ids.size() + " experiments, at most "
                    + MAX_COVER + " allowed");
        }
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            set.add(Inputs.requiredId(ids.get(i), "cover[" + i + "]"));
        }
        return new Cover(false, Set.copyOf(set));
    }

    /** The query-string form of a context: sessionId, userId, page and {@code attr.<name>} parameters. */
    static final class QueryContext {
        private QueryContext() {
        }

        static AssignmentRequest request(Map<String, String> query, Set<String> extra) {
            Map<String, Object> attributes = new HashMap<>();
            for (Map.Entry<String, String> e : query.entrySet()) {
                String name = e.getKey();
                if (name.startsWith("attr.")) {
                    attributes.put(name.substring(5), e.getValue());
                } else if (!Set.of("sessionId", "userId", "page").contains(name) && !extra.contains(name)) {
                    throw new ApiException(ErrorCode.UNKNOWN_FIELD, "unknown query parameter " + Inputs.quote(name)
                            + " (expected sessionId, userId, page, attr.<name>" + (extra.isEmpty() ? "" : ", " + extra)
                            + ")");
                }
            }
            return new AssignmentRequest(Inputs.requiredId(query.get("sessionId"), "sessionId"),
                    Inputs.optionalId(query.get("userId"), "userId"), Inputs.optionalPage(query.get("page"), "page"),
                    Inputs.attributes(attributes, "attributes"));
        }
    }
}
