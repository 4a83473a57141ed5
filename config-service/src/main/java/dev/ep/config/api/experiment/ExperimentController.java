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
import dev.ep.config.view.ExperimentView;
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
    ResponseEntity<ExperimentView> start(@PathVariable String id, @RequestBody TrafficBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.start(id, body, caller, ifMatch));
    }

    @PostMapping("/{id}/ramp")
    ResponseEntity<ExperimentView> ramp(@PathVariable String id, @RequestBody TrafficBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.ramp(id, body, caller, ifMatch));
    }

    @PutMapping("/{id}/weights")
    ResponseEntity<ExperimentView> weights(@PathVariable String id, @RequestBody WeightsBody body, Caller caller,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch) {
        return ok(experiments.weights(id, body, caller, ifMatch));
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

    private static ResponseEntity<ExperimentView> ok(ExperimentView v) {
        return ResponseEntity.ok().eTag(CommandGateway.etag(v.version())).body(v);
    }
}
