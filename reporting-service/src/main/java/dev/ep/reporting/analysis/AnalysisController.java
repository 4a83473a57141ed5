package dev.ep.reporting.analysis;

import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.Analyzer;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/analysis}: the stateless audit of a result. Translates and delegates to the {@link Analyzer}. */
@RestController
class AnalysisController {

    private final Analyzer analyzer = new Analyzer();

    @Operation(summary = "Recompute every figure from per-arm sufficient statistics",
            description = "Takes the shape the results endpoint reports (per metric, per arm: n, sumY, sumY2, sumX,"
                    + " sumX2, sumXY) plus alpha, tau2 per metric, the expected weights and the unit counts, and returns"
                    + " the same figures the results endpoint shows. Stateless: nothing is stored.")
    @PostMapping(path = "/v1/analysis", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    AnalysisResult analyze(@RequestBody AnalysisRequest request) {
        return analyzer.analyze(request);
    }
}
