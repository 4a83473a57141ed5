package dev.ep.assignment.assign;

import dev.ep.assignment.api.ApiException;
import dev.ep.assignment.api.ErrorCode;
import dev.ep.assignment.api.Inputs;
import dev.ep.assignment.core.AssignmentRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/coverage}: the storefront confirms that the listed experiments took effect. The service re-derives
 * each treatment from the same context; a claim naming a treatment other than the derived one (or a treatment for an
 * experiment the unit is not assigned to) refuses the whole call with 422 {@code COVERAGE_CLAIM_MISMATCH} and emits
 * nothing. Experiments listed without a treatment that the unit is not (or no longer) assigned to are reported as
 * {@code not_assigned} and not emitted.
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
            List<Claim> experiments) {
    }

    record CoverageResponse(long configVersion, List<AssignmentService.CoverageItem> items) {
    }

    @PostMapping(path = "/v1/coverage", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    CoverageResponse cover(@RequestBody CoverageBody body) {
        AssignmentRequest request = new AssignmentRequest(Inputs.requiredId(body.sessionId(), "sessionId"),
                Inputs.optionalId(body.userId(), "userId"), Inputs.optionalPage(body.page(), "page"),
                Inputs.attributes(body.attributes(), "attributes"));
        if (body.experiments() == null || body.experiments().isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_FIELD, "experiments must list at least one experiment");
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
        if (!result.mismatches().isEmpty()) {
            throw new ApiException(ErrorCode.COVERAGE_CLAIM_MISMATCH, "coverage refused, nothing recorded: "
                    + String.join("; ", result.mismatches()),
                    result.mismatches().stream().map(m -> new ApiException.FieldError("experiments", m)).toList());
        }
        return new CoverageResponse(result.configVersion(), result.items());
    }
}
