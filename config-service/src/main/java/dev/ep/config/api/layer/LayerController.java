package dev.ep.config.api.layer;

import java.net.URI;
import java.util.List;

import dev.ep.config.api.CommandGateway;
import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.security.AdminOnly;
import dev.ep.config.security.Caller;
import dev.ep.config.view.BucketMapView;
import dev.ep.config.view.LayerView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Layers: create (with the unit every experiment in it hashes), list, get with the bucket map. */
@RestController
@RequestMapping("/v1/layers")
class LayerController {

    private final CommandGateway gateway;

    LayerController(CommandGateway gateway) {
        this.gateway = gateway;
    }

    @AdminOnly
    @PostMapping
    ResponseEntity<LayerDetail> create(@RequestBody LayerRequest body, Caller caller) {
        Layer layer = new Layer(new LayerId(body.id()), body.name(), body.description(),
                AssignmentUnit.parse("unit", body.unit()));
        ConfigState state = gateway.execute(new ConfigCommand.CreateLayer(layer), caller, null, null, null);
        LayerDetail detail = detail(state, layer.id());
        return ResponseEntity.created(URI.create("/v1/layers/" + layer.id())).eTag(CommandGateway.etag(detail.version()))
                .body(detail);
    }

    @GetMapping
    List<LayerView> list() {
        ConfigState state = gateway.state();
        return state.layers().values().stream()
                .map(l -> LayerView.of(l, state.version(AggregateRef.of(l.id())))).toList();
    }

    @GetMapping("/{id}")
    ResponseEntity<LayerDetail> get(@PathVariable String id) {
        LayerDetail detail = detail(gateway.state(), new LayerId(id));
        return ResponseEntity.ok().eTag(CommandGateway.etag(detail.version())).body(detail);
    }

    private static LayerDetail detail(ConfigState state, LayerId id) {
        Layer layer = state.layer(id).orElseThrow(() -> new ConfigException(ErrorCode.LAYER_NOT_FOUND,
                "layer '" + id + "' does not exist"));
        return new LayerDetail(layer.id().value(), layer.name(), layer.description(), layer.unit().text(), Layer.BUCKETS,
                state.version(AggregateRef.of(id)), BucketMapView.of(state.buckets(id)));
    }
}
