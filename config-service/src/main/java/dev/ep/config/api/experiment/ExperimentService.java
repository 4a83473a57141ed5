package dev.ep.config.api.experiment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.ep.config.api.CommandGateway;
import dev.ep.config.api.experiment.ExperimentRequests.DefinitionBody;
import dev.ep.config.api.experiment.ExperimentRequests.TrafficBody;
import dev.ep.config.api.experiment.ExperimentRequests.TreatmentBody;
import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.ExperimentStatus;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.experiment.Salt;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.experiment.Treatments;
import dev.ep.config.experiment.Variables;
import dev.ep.config.experiment.Weights;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.MetricName;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.security.Caller;
import dev.ep.config.view.ExperimentView;
import dev.ep.config.view.Json;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingParser;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Translates experiment requests into commands and states into views. */
@Service
class ExperimentService {

    private final CommandGateway gateway;

    ExperimentService(CommandGateway gateway) {
        this.gateway = gateway;
    }

    ExperimentView create(DefinitionBody body, Caller caller) {
        ExperimentDefinition d = definition(body, body.id());
        return view(gateway.execute(new ConfigCommand.CreateExperiment(d), caller, null, null, null), d.id());
    }

    ExperimentView updateDraft(String id, DefinitionBody body, Caller caller, String ifMatch) {
        if (body.id() != null && !body.id().equals(id)) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "id: '" + body.id() + "' differs from the path's '"
                    + id + "'; ids never change");
        }
        ExperimentDefinition d = definition(body, id);
        return view(gateway.execute(new ConfigCommand.UpdateDraft(d), caller, null, ifMatch, body.expectedVersion()),
                d.id());
    }

    ExperimentView start(String id, TrafficBody body, Caller caller, String ifMatch) {
        ExperimentId x = new ExperimentId(id);
        return view(gateway.execute(new ConfigCommand.Start(x, traffic(body)), caller, body.reason(), ifMatch,
                body.expectedVersion()), x);
    }

    /** What {@link #start} would do; checked the same way, changes nothing. */
    DryRunView startDryRun(String id, TrafficBody body, Caller caller, String ifMatch) {
        return DryRunView.of(gateway.dryRun(new ConfigCommand.Start(new ExperimentId(id), traffic(body)), caller,
                body.reason(), ifMatch, body.expectedVersion()));
    }

    ExperimentView ramp(String id, TrafficBody body, Caller caller, String ifMatch) {
        ExperimentId x = new ExperimentId(id);
        return view(gateway.execute(new ConfigCommand.Ramp(x, traffic(body)), caller, body.reason(), ifMatch,
                body.expectedVersion()), x);
    }

    /** What {@link #ramp} would do; checked the same way, changes nothing. */
    DryRunView rampDryRun(String id, TrafficBody body, Caller caller, String ifMatch) {
        return DryRunView.of(gateway.dryRun(new ConfigCommand.Ramp(new ExperimentId(id), traffic(body)), caller,
                body.reason(), ifMatch, body.expectedVersion()));
    }

    ExperimentView weights(String id, ExperimentRequests.WeightsBody body, Caller caller, String ifMatch) {
        ExperimentId x = new ExperimentId(id);
        return view(gateway.execute(new ConfigCommand.ChangeWeights(x, weights(body)), caller, body.reason(), ifMatch,
                body.expectedVersion()), x);
    }

    /** What {@link #weights} would do; checked the same way, changes nothing. */
    DryRunView weightsDryRun(String id, ExperimentRequests.WeightsBody body, Caller caller, String ifMatch) {
        return DryRunView.of(gateway.dryRun(new ConfigCommand.ChangeWeights(new ExperimentId(id), weights(body)),
                caller, body.reason(), ifMatch, body.expectedVersion()));
    }

    private static Map<String, Integer> weights(ExperimentRequests.WeightsBody body) {
        if (body.weights() == null || body.weights().isEmpty()) {
            throw new ConfigException(ErrorCode.INVALID_WEIGHTS, "weights: an object of treatment name to weight is"
                    + " required");
        }
        List<String> names = new ArrayList<>(body.weights().keySet());
        List<Integer> bp = Weights.toBasisPoints(new ArrayList<>(body.weights().values()));
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            weights.put(names.get(i), bp.get(i));
        }
        return weights;
    }

    ExperimentView overrides(String id, ExperimentRequests.OverridesBody body, Caller caller, String ifMatch) {
        ExperimentId x = new ExperimentId(id);
        Overrides overrides = new Overrides(body.overrides());
        return view(gateway.execute(new ConfigCommand.ChangeOverrides(x, overrides), caller, body.reason(), ifMatch,
                body.expectedVersion()), x);
    }

    ExperimentView targeting(String id, ExperimentRequests.TargetingBody body, Caller caller, String ifMatch) {
        ExperimentId x = new ExperimentId(id);
        if (body.targeting() == null || body.targeting().isNull()) {
            throw new ConfigException(ErrorCode.INVALID_TARGETING, "targeting: is required ({\"pages\": [], \"rule\":"
                    + " {...}}; {} targets everyone)");
        }
        Targeting targeting = TargetingParser.parse(body.targeting(), "targeting");
        return view(gateway.execute(new ConfigCommand.ChangeTargeting(x, targeting), caller, body.reason(), ifMatch,
                body.expectedVersion()), x);
    }

    ExperimentView pause(String id, ExperimentRequests.ReasonBody body, Caller caller, String ifMatch) {
        ExperimentId x = new ExperimentId(id);
        return view(gateway.execute(new ConfigCommand.Pause(x), caller, reason(body), ifMatch, version(body)), x);
    }

    ExperimentView resume(String id, ExperimentRequests.ReasonBody body, Caller caller, String ifMatch) {
        ExperimentId x = new ExperimentId(id);
        return view(gateway.execute(new ConfigCommand.Resume(x), caller, reason(body), ifMatch, version(body)), x);
    }

    ExperimentView stop(String id, ExperimentRequests.ReasonBody body, Caller caller, String ifMatch) {
        ExperimentId x = new ExperimentId(id);
        return view(gateway.execute(new ConfigCommand.Stop(x), caller, reason(body), ifMatch, version(body)), x);
    }

    ExperimentView get(String id) {
        return view(gateway.state(), new ExperimentId(id));
    }

    List<ExperimentView> list(String status, String layer, String owner) {
        Optional<ExperimentStatus> s = Optional.ofNullable(status).map(v -> {
            try {
                return ExperimentStatus.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ErrorCode.INVALID_FIELD, "status: must be draft, running, paused or"
                        + " stopped, got '" + v + "'");
            }
        });
        ConfigState state = gateway.state();
        return state.experiments().values().stream()
                .filter(x -> s.isEmpty() || x.status() == s.get())
                .filter(x -> layer == null || x.definition().layer().value().equals(layer))
                .filter(x -> owner == null || x.definition().owner().equals(owner))
                .map(x -> ExperimentView.of(x, state.version(AggregateRef.of(x.id()))))
                .toList();
    }

    List<HistoryEntry> history(String id) {
        ExperimentId x = new ExperimentId(id);
        existing(gateway.state(), x);
        return gateway.store().history(AggregateRef.of(x)).stream().map(HistoryEntry::of).toList();
    }

    // ------------------------------------------------------------------ mapping

    private static ExperimentView view(ConfigState state, ExperimentId id) {
        return ExperimentView.of(existing(state, id), state.version(AggregateRef.of(id)));
    }

    private static Experiment existing(ConfigState state, ExperimentId id) {
        return state.experiment(id).orElseThrow(() -> new ConfigException(ErrorCode.EXPERIMENT_NOT_FOUND,
                "experiment '" + id + "' does not exist"));
    }

    private static ExperimentDefinition definition(DefinitionBody b, String id) {
        if (id == null) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "id: is required");
        }
        List<TreatmentBody> bodies = b.treatments() == null ? List.of() : b.treatments();
        List<BigDecimal> weights = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            TreatmentBody t = bodies.get(i);
            if (t == null || t.weight() == null) {
                throw new ConfigException(ErrorCode.INVALID_WEIGHTS, "treatments[" + i + "].weight: is required");
            }
            weights.add(t.weight());
        }
        List<Treatment> treatments = new ArrayList<>();
        if (!bodies.isEmpty()) {
            List<Integer> bp = Weights.toBasisPoints(weights);
            for (int i = 0; i < bodies.size(); i++) {
                TreatmentBody t = bodies.get(i);
                treatments.add(new Treatment(t.name(), t.description(), Boolean.TRUE.equals(t.control()), bp.get(i),
                        variables(t.variables(), i)));
            }
        }
        return new ExperimentDefinition(new ExperimentId(id), b.name(), b.hypothesis(), b.owner(),
                b.layer() == null ? null : new LayerId(b.layer()), AssignmentUnit.parse("unit", b.unit()),
                b.salt() == null ? null : new Salt(b.salt()), new Treatments(treatments),
                b.targeting() == null || b.targeting().isNull() ? null : TargetingParser.parse(b.targeting(), "targeting"),
                Optional.ofNullable(b.primaryMetric()).map(MetricName::new),
                b.guardrailMetrics() == null ? null : b.guardrailMetrics().stream().map(MetricName::new).toList(),
                b.overrides() == null ? null : new Overrides(b.overrides()), Boolean.TRUE.equals(b.autoPause()));
    }

    private static Variables variables(JsonNode node, int index) {
        if (node == null || node.isNull()) {
            return Variables.EMPTY;
        }
        if (!node.isObject()) {
            throw new ConfigException(ErrorCode.INVALID_VARIABLES, "treatments[" + index
                    + "].variables: must be a JSON object");
        }
        return new Variables(Json.write(node));
    }

    private static int traffic(TrafficBody body) {
        if ((body.trafficPercent() == null) == (body.trafficBasisPoints() == null)) {
            throw new ConfigException(ErrorCode.INVALID_TRAFFIC, "traffic: give exactly one of trafficPercent and"
                    + " trafficBasisPoints");
        }
        return body.trafficPercent() != null ? Weights.trafficToBasisPoints(body.trafficPercent())
                : body.trafficBasisPoints();
    }

    private static String reason(ExperimentRequests.ReasonBody body) {
        return body == null ? null : body.reason();
    }

    private static Long version(ExperimentRequests.ReasonBody body) {
        return body == null ? null : body.expectedVersion();
    }
}
