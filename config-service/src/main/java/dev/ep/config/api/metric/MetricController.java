package dev.ep.config.api.metric;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.ep.config.api.CommandGateway;
import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigState;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricCatalogue;
import dev.ep.config.metric.MetricName;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.security.Caller;
import dev.ep.config.view.MetricView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The metric catalogue: built-in metrics and custom event metrics. */
@RestController
@RequestMapping("/v1/metrics")
class MetricController {

    private final CommandGateway gateway;

    MetricController(CommandGateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping
    List<MetricView> list() {
        ConfigState state = gateway.state();
        List<MetricView> out = new ArrayList<>();
        MetricCatalogue.BUILT_IN.forEach(m -> out.add(MetricView.builtIn(m)));
        state.customMetrics().values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(m -> out.add(MetricView.of(m, state.version(AggregateRef.of(m.name())))));
        return out;
    }

    @PostMapping
    ResponseEntity<MetricView> define(@RequestBody MetricRequest body, Caller caller) {
        CustomMetric metric = new CustomMetric(new MetricName(body.name()), body.eventName(),
                aggregation(body.aggregation()), body.description());
        ConfigState state = gateway.execute(new ConfigCommand.DefineCustomMetric(metric), caller, null, null, null);
        long version = state.version(AggregateRef.of(metric.name()));
        return ResponseEntity.created(URI.create("/v1/metrics")).eTag(CommandGateway.etag(version))
                .body(MetricView.of(metric, version));
    }

    private static Aggregation aggregation(String value) {
        if (value != null) {
            for (Aggregation a : Aggregation.values()) {
                if (a.name().equalsIgnoreCase(value)) {
                    return a;
                }
            }
        }
        throw new ConfigException(ErrorCode.INVALID_FIELD, "aggregation: must be occurred, count or sum, got "
                + (value == null ? "nothing" : "'" + value.toLowerCase(Locale.ROOT) + "'"));
    }
}
