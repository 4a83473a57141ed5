package dev.ep.reporting.power;

import dev.ep.stats.power.PowerCalculator;
import dev.ep.stats.power.PowerRequest;
import dev.ep.stats.power.PowerResult;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/power}: the sample-size calculator. */
@RestController
class PowerController {

    private final PowerCalculator calculator = new PowerCalculator();

    @Operation(summary = "Units per arm (and days) to detect a relative MDE",
            description = "Normal approximation, two-sided, equal allocation: the same figure as statsmodels'"
                    + " NormalIndPower().solve_power(effect_size = MDE × mean / sd, alpha, power, ratio=1).")
    @PostMapping(path = "/v1/power", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PowerResult power(@RequestBody PowerRequest request) {
        return calculator.calculate(request);
    }
}
