package dev.ep.config.api.metric;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.ep.config.api.CommandGateway;
import dev.ep.config.api.experiment.HistoryEntry;
import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigState;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricCatalogue;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.security.AdminOnly;
import dev.ep.config.security.Caller;
import dev.ep.config.view.MetricView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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
        MetricCatalogue.BUILT_IN.forEach(m -> out.add(MetricView.builtIn(m, state.metricSettings(m),
                state.version(AggregateRef.of(m)))));
        state.customMetrics().values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(m -> out.add(MetricView.of(m, state.metricSettings(m.name()),
                        state.version(AggregateRef.of(m.name())))));
        return out;
    }

    @GetMapping("/{name}")
    ResponseEntity<MetricView> get(@PathVariable("name") String name) {
        return view(gateway.state(), existing(gateway.state(), name));
    }

    /** The metric's changes as stored: who, why, when (a built-in metric's list is empty until its settings change). */
    @GetMapping("/{name}/history")
    List<HistoryEntry> history(@PathVariable("name") String name) {
        MetricName metric = existing(gateway.state(), name);
        return gateway.store().history(AggregateRef.of(metric)).stream().map(HistoryEntry::of).toList();
    }

    /**
     * Replaces a metric's analysis settings (τ², harm direction). Admins only: a metric's settings change the
     * analysis of every experiment that uses it, whichever team owns them (as layers and the holdout do).
     */
    @AdminOnly
    @PutMapping("/{name}/settings")
    ResponseEntity<MetricView> settings(@PathVariable("name") String name, @RequestBody MetricSettingsRequest body,
            Caller caller, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        MetricName metric = existing(gateway.state(), name);
        if (body.harmDirection() == null) {
            throw new ConfigException(ErrorCode.INVALID_FIELD,
                    "harmDirection: required (decrease_is_harm or increase_is_harm)");
        }
        MetricSettings settings = MetricSettings.of(body.tau2(), body.harmDirection());
        ConfigState state = gateway.execute(new ConfigCommand.ChangeMetricSettings(metric, settings), caller,
                body.reason(), ifMatch, body.expectedVersion());
        return view(state, metric);
    }

    @PostMapping
    ResponseEntity<MetricView> define(@RequestBody MetricRequest body, Caller caller) {
        CustomMetric metric = new CustomMetric(new MetricName(body.name()), body.eventName(),
                aggregation(body.aggregation()), body.description());
        MetricSettings settings = MetricSettings.of(body.tau2(), body.harmDirection());
        ConfigState state = gateway.execute(new ConfigCommand.DefineCustomMetric(metric, settings), caller, null, null,
                null);
        long version = state.version(AggregateRef.of(metric.name()));
        return ResponseEntity.created(URI.create("/v1/metrics/" + metric.name())).eTag(CommandGateway.etag(version))
                .body(MetricView.of(metric, state.metricSettings(metric.name()), version));
    }

    /** A metric of the catalogue by name; 404 when there is none. */
    private static MetricName existing(ConfigState state, String name) {
        MetricName metric = new MetricName(name);
        if (!MetricCatalogue.exists(metric, state.customMetrics())) {
            throw new ConfigException(ErrorCode.METRIC_NOT_FOUND, "metric '" + name + "' is not in the catalogue");
        }
        return metric;
    }

    private static ResponseEntity<MetricView> view(ConfigState state, MetricName name) {
        long version = state.version(AggregateRef.of(name));
        CustomMetric custom = state.customMetrics().get(name);
        MetricView view = custom == null ? MetricView.builtIn(name, state.metricSettings(name), version)
                : MetricView.of(custom, state.metricSettings(name), version);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (version > 0) {
            ok = ok.eTag(CommandGateway.etag(version));
        }
        return ok.body(view);
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
