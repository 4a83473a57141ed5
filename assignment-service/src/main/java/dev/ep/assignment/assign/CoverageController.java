package dev.ep.assignment.assign;

import dev.ep.assignment.api.ApiException;
import dev.ep.assignment.api.ErrorCode;
import dev.ep.assignment.api.Inputs;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.token.ExposureTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/coverage}: the storefront confirms that experiments took effect, in one of two forms.
 *
 * <ul>
 *   <li><b>Tokens</b> ({@code {"sessionId", "page"?, "tokens": [...]}}): the exposure tokens {@code /v1/assign}
 *       returned. Each coverage event is the exposure as served (treatment, unit, bucket, slot, configuration),
 *       with {@code decisionTime} = the token's issue time. A forged, expired or other session's token refuses the
 *       whole call with 422 {@code EXPOSURE_TOKEN_REFUSED} (which token, and why) and emits nothing; the same token
 *       twice, or two tokens of one experiment, is a 400.</li>
 *   <li><b>Context</b> ({@code {"sessionId", "userId"?, "page"?, "attributes"?, "experiments": [...]}}): the service
 *       re-derives each treatment from the same context as the assign call. A claim naming a treatment other than the
 *       derived one (or a treatment for an experiment the unit is not assigned to) refuses the whole call with 422
 *       {@code COVERAGE_CLAIM_MISMATCH}; a claimed experiment the context cannot decide (no page while it has a page
 *       list, an absent attribute its rule needs, no user id for a USER experiment) refuses it with 422
 *       {@code COVERAGE_CONTEXT_INCOMPLETE}, naming what to send. Either way nothing is emitted. Experiments listed
 *       without a treatment that the unit is not (or no longer) assigned to, with a context that decides it, are
 *       reported as {@code not_assigned} and not emitted.</li>
 * </ul>
 */
@RestController
class CoverageController {

    static final int MAX_CLAIMS = 100;

    private final AssignmentService service;

    CoverageController(AssignmentService service) {
        this.service = service;
    }

    /** One confirmation; {@code treatment} is optional and, when given, must be the assigned one. */
    record Claim(String experimentId, String treatment) {
    }

    record CoverageBody(String sessionId, String userId, String page, Map<String, Object> attributes,
            List<Claim> experiments, List<String> tokens) {
    }

    record CoverageResponse(long configVersion, List<AssignmentService.CoverageItem> items) {
    }

    @PostMapping(path = "/v1/coverage", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    CoverageResponse cover(@RequestBody CoverageBody body) {
        if (body.tokens() != null) {
            return coverTokens(body);
        }
        AssignmentRequest request = new AssignmentRequest(Inputs.requiredId(body.sessionId(), "sessionId"),
                Inputs.optionalId(body.userId(), "userId"), Inputs.optionalPage(body.page(), "page"),
                Inputs.attributes(body.attributes(), "attributes"));
        if (body.experiments() == null || body.experiments().isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_FIELD, "experiments must list at least one experiment (or send "
                    + "the exposure tokens from /v1/assign as tokens)");
        }
        if (body.experiments().size() > MAX_CLAIMS) {
            throw new ApiException(ErrorCode.BATCH_TOO_LARGE, "experiments lists " + body.experiments().size()
                    + " entries, at most " + MAX_CLAIMS + " allowed");
        }
        List<Claim> claims = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < body.experiments().size(); i++) {
            Claim claim = body.experiments().get(i);
            if (claim == null) {
                throw new ApiException(ErrorCode.MISSING_FIELD, "experiments[" + i + "] is null");
            }
            String experimentId = Inputs.requiredId(claim.experimentId(), "experiments[" + i + "].experimentId");
            if (!seen.add(experimentId)) {
                // one coverage event per experiment and call, never two for one confirmation
                throw new ApiException(ErrorCode.INVALID_COVER, "experiments[" + i + "]: '" + experimentId
                        + "' is listed more than once");
            }
            claims.add(new Claim(experimentId, claim.treatment() == null ? null
                    : Inputs.requiredId(claim.treatment(), "experiments[" + i + "].treatment")));
        }
        AssignmentService.CoverageResult result = service.cover(request, claims);
        if (!result.incomplete().isEmpty()) {
            throw incomplete(result.incomplete());
        }
        if (!result.mismatches().isEmpty()) {
            throw new ApiException(ErrorCode.COVERAGE_CLAIM_MISMATCH, "coverage refused, nothing recorded: "
                    + String.join("; ", result.mismatches()),
                    result.mismatches().stream().map(m -> new ApiException.FieldError("experiments", m)).toList());
        }
        return new CoverageResponse(result.configVersion(), result.items());
    }

    private CoverageResponse coverTokens(CoverageBody body) {
        String sessionId = Inputs.requiredId(body.sessionId(), "sessionId");
        String page = Inputs.optionalPage(body.page(), "page");
        if (body.experiments() != null || body.userId() != null || body.attributes() != null) {
            throw new ApiException(ErrorCode.INVALID_COVER, "with tokens, send only sessionId, page (optional) and "
                    + "tokens: a token already carries the experiment, the user and the treatment as served");
        }
        List<String> tokens = body.tokens();
        if (tokens.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_FIELD, "tokens must list at least one exposure token");
        }
        if (tokens.size() > MAX_CLAIMS) {
            throw new ApiException(ErrorCode.BATCH_TOO_LARGE, "tokens lists " + tokens.size() + " entries, at most "
                    + MAX_CLAIMS + " allowed");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) == null) {
                throw new ApiException(ErrorCode.MISSING_FIELD, "tokens[" + i + "] is null");
            }
            Integer previous = seen.putIfAbsent(tokens.get(i), i);
            if (previous != null) {
                throw new ApiException(ErrorCode.INVALID_COVER, "tokens[" + i + "] is the same token as tokens["
                        + previous + "]; one confirmation records one exposure");
            }
        }
        AssignmentService.CoverageResult result = service.coverTokens(sessionId, page, tokens);
        if (!result.refusals().isEmpty()) {
            List<Map<String, Object>> refused = new ArrayList<>();
            List<ApiException.FieldError> errors = new ArrayList<>();
            for (AssignmentService.TokenRefusal r : result.refusals()) {
                String reason = r.reason().name().toLowerCase(Locale.ROOT);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", r.index());
                entry.put("reason", reason);
                entry.put("detail", r.detail());
                refused.add(entry);
                errors.add(new ApiException.FieldError("tokens[" + r.index() + "]", reason + ": " + r.detail()));
            }
            AssignmentService.TokenRefusal first = result.refusals().get(0);
            throw new ApiException(ErrorCode.EXPOSURE_TOKEN_REFUSED, "coverage refused, nothing recorded: "
                    + result.refusals().size() + " of " + tokens.size() + " tokens refused; tokens[" + first.index()
                    + "] is " + describe(first.reason()) + ": " + first.detail(), errors,
                    Map.of("refusedTokens", refused));
        }
        return new CoverageResponse(result.configVersion(), result.items());
    }

    private static String describe(ExposureTokens.Reason reason) {
        return switch (reason) {
            case FORGED -> "forged (not a genuine token of this service)";
            case EXPIRED -> "expired";
            case OTHER_SESSION -> "another session's";
        };
    }

    private static ApiException incomplete(List<AssignmentService.MissingContext> incomplete) {
        List<String> parts = new ArrayList<>();
        List<ApiException.FieldError> errors = new ArrayList<>();
        List<Map<String, Object>> missing = new ArrayList<>();
        for (AssignmentService.MissingContext m : incomplete) {
            parts.add(m.experimentId() + " needs " + String.join(", ", m.send()));
            errors.add(new ApiException.FieldError("experiments", m.experimentId() + ": send " + String.join(", ",
                    m.send())));
            missing.add(Map.of("experimentId", m.experimentId(), "send", m.send()));
        }
        return new ApiException(ErrorCode.COVERAGE_CONTEXT_INCOMPLETE, "coverage refused, nothing recorded: the "
                + "context does not decide whether these experiments apply: " + String.join("; ", parts)
                + ". Send the same context as in the assign call, or the exposure tokens it returned as tokens",
                errors, Map.of("missing", missing));
    }
}
