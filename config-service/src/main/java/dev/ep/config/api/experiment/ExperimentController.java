package dev.ep.config.api.experiment;

import java.net.URI;
import java.util.List;

import dev.ep.config.api.CommandGateway;
import dev.ep.config.api.experiment.ExperimentRequests.DefinitionBody;
import dev.ep.config.api.experiment.ExperimentRequests.OverridesBody;
import dev.ep.config.api.experiment.ExperimentRequests.ReasonBody;
import dev.ep.config.api.experiment.ExperimentRequests.TargetingBody;
import dev.ep.config.api.experiment.ExperimentRequests.TrafficBody;
import dev.ep.config.api.experiment.ExperimentRequests.WeightsBody;
import dev.ep.config.security.Caller;
import dev.ep.config.system.ApiError;
import dev.ep.config.system.ApiException;
import dev.ep.config.view.ExperimentView;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Experiments: drafts, lifecycle, live changes and history. Every response carries the version as ETag. */
@RestController
@RequestMapping("/v1/experiments")
class ExperimentController {

    private static final String IF_MATCH = "If-Match";
    private static final String DRY_RUN = "dryRun";
    private static final String DRY_RUNNABLE = "the experiment after the change; with ?dryRun=true (DryRunView) what"
            + " the change would do: buckets claimed and released, slots moved, units affected; nothing is changed";

    private final ExperimentService experiments;

    ExperimentController(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @PostMapping
    ResponseEntity<ExperimentView> create(@RequestBody DefinitionBody body, Caller caller) {
        ExperimentView v = experiments.create(body, caller);
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/v1/experiments/" + v.id()))
                .eTag(CommandGateway.etag(v.version())).body(v);
    }

    @GetMapping
    List<ExperimentView> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String layer, @RequestParam(required = false) String owner) {
        return experiments.list(status, layer, owner);
    }

    @GetMapping("/{id}")
    ResponseEntity<ExperimentView> get(@PathVariable String id) {
        return ok(experiments.get(id));
    }

    @PutMapping("/{id}")
    ResponseEntity<ExperimentView> updateDraft(@PathVariable String id, @RequestBody DefinitionBody body,
            Caller caller, @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.updateDraft(id, body, caller, ifMatch));
    }

    @PostMapping("/{id}/start")
    @ApiResponse(responseCode = "200", description = DRY_RUNNABLE, content = @Content(mediaType = "application/json",
            schema = @Schema(oneOf = {ExperimentView.class, DryRunView.class})))
    ResponseEntity<?> start(@PathVariable String id, @RequestBody TrafficBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestParam(name = DRY_RUN, required = false) String dryRun) {
        return dryRun(dryRun) ? ResponseEntity.ok(experiments.startDryRun(id, body, caller, ifMatch))
                : ok(experiments.start(id, body, caller, ifMatch));
    }

    @PostMapping("/{id}/ramp")
    @ApiResponse(responseCode = "200", description = DRY_RUNNABLE, content = @Content(mediaType = "application/json",
            schema = @Schema(oneOf = {ExperimentView.class, DryRunView.class})))
    ResponseEntity<?> ramp(@PathVariable String id, @RequestBody TrafficBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestParam(name = DRY_RUN, required = false) String dryRun) {
        return dryRun(dryRun) ? ResponseEntity.ok(experiments.rampDryRun(id, body, caller, ifMatch))
                : ok(experiments.ramp(id, body, caller, ifMatch));
    }

    @PutMapping("/{id}/weights")
    @ApiResponse(responseCode = "200", description = DRY_RUNNABLE, content = @Content(mediaType = "application/json",
            schema = @Schema(oneOf = {ExperimentView.class, DryRunView.class})))
    ResponseEntity<?> weights(@PathVariable String id, @RequestBody WeightsBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestParam(name = DRY_RUN, required = false) String dryRun) {
        return dryRun(dryRun) ? ResponseEntity.ok(experiments.weightsDryRun(id, body, caller, ifMatch))
                : ok(experiments.weights(id, body, caller, ifMatch));
    }

    @PutMapping("/{id}/overrides")
    ResponseEntity<ExperimentView> overrides(@PathVariable String id, @RequestBody OverridesBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.overrides(id, body, caller, ifMatch));
    }

    @PutMapping("/{id}/targeting")
    ResponseEntity<ExperimentView> targeting(@PathVariable String id, @RequestBody TargetingBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.targeting(id, body, caller, ifMatch));
    }

    @PostMapping("/{id}/pause")
    ResponseEntity<ExperimentView> pause(@PathVariable String id, @RequestBody(required = false) ReasonBody body,
            Caller caller, @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.pause(id, body, caller, ifMatch));
    }

    @PostMapping("/{id}/resume")
    ResponseEntity<ExperimentView> resume(@PathVariable String id, @RequestBody(required = false) ReasonBody body,
            Caller caller, @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.resume(id, body, caller, ifMatch));
    }

    @PostMapping("/{id}/stop")
    ResponseEntity<ExperimentView> stop(@PathVariable String id, @RequestBody ReasonBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.stop(id, body, caller, ifMatch));
    }

    @GetMapping("/{id}/history")
    List<HistoryEntry> history(@PathVariable String id) {
        return experiments.history(id);
    }

    /** {@code ?dryRun=true}: answer what the change would do and change nothing; {@code false} or absent: do it. */
    private static boolean dryRun(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ApiException(ApiError.INVALID_PARAMETER, DRY_RUN + ": must be true or false, got '" + value + "'");
    }

    private static ResponseEntity<ExperimentView> ok(ExperimentView v) {
        return ResponseEntity.ok().eTag(CommandGateway.etag(v.version())).body(v);
    }
}
