package dev.ep.config.api.holdout;

import java.util.Optional;

import dev.ep.config.api.CommandGateway;
import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.Weights;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.security.AdminOnly;
import dev.ep.config.security.Caller;
import dev.ep.config.view.HoldoutView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform holdout: units of its unit type kept out of every experiment in every layer of that unit type. */
@RestController
@RequestMapping("/v1/holdout")
class HoldoutController {

    private final CommandGateway gateway;

    HoldoutController(CommandGateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping
    ResponseEntity<HoldoutView> get() {
        return view(gateway.state());
    }

    @AdminOnly
    @PutMapping
    ResponseEntity<HoldoutView> put(@RequestBody HoldoutRequest body, Caller caller,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        if ((body.percent() == null) == (body.basisPoints() == null)) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "holdout: give exactly one of percent and basisPoints");
        }
        int basisPoints = body.percent() != null
                ? Weights.percentToBasisPoints("percent", body.percent(), 0, ErrorCode.INVALID_FIELD)
                : body.basisPoints();
        Optional<AssignmentUnit> unit = Optional.ofNullable(AssignmentUnit.parse("unit", body.unit()));
        return view(gateway.execute(new ConfigCommand.ChangeHoldout(basisPoints, unit), caller, body.reason(), ifMatch,
                body.expectedVersion()));
    }

    private static ResponseEntity<HoldoutView> view(ConfigState state) {
        long version = state.version(AggregateRef.HOLDOUT);
        return ResponseEntity.ok().eTag(CommandGateway.etag(version)).body(HoldoutView.of(state.holdout(), version));
    }
}
