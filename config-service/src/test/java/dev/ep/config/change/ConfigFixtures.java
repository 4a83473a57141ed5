package dev.ep.config.change;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.experiment.Treatments;
import dev.ep.config.experiment.Variables;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.MetricName;
import dev.ep.targeting.Targeting;

/** Small builders for the core's tests (not a test class). */
public final class ConfigFixtures {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    public static final MetricName CONVERSION = new MetricName("conversion");

    private ConfigFixtures() {
    }

    public static CommandContext ctx() {
        return CommandContext.of("alice", "test", T0);
    }

    public static CommandContext ctx(Instant at) {
        return CommandContext.of("alice", "test", at);
    }

    /** Treatments named control, b, c, ... with the given basis-point weights; the first is the control. */
    public static Treatments treatments(int... weights) {
        List<Treatment> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(new Treatment(i == 0 ? "control" : String.valueOf((char) ('a' + i)), "", i == 0, weights[i],
                    Variables.EMPTY));
        }
        return new Treatments(list);
    }

    public static ExperimentDefinition definition(String id) {
        return definition(id, LayerId.DEFAULT, 5_000, 5_000);
    }

    public static ExperimentDefinition definition(String id, LayerId layer, int... weights) {
        return definition(id, layer, AssignmentUnit.SESSION, weights);
    }

    /** A definition of the given unit ({@code null}: none stated, the layer's). */
    public static ExperimentDefinition definition(String id, LayerId layer, AssignmentUnit unit, int... weights) {
        return new ExperimentDefinition(new ExperimentId(id), "Experiment " + id, "it helps", "team-checkout", layer,
                unit, null, treatments(weights), Targeting.EVERYONE, Optional.of(CONVERSION),
                List.of(new MetricName("revenue_per_session")), Overrides.NONE);
    }

    /** The state of a fresh platform: the default layer. */
    public static ConfigState platform() {
        return ConfigState.replay(ConfigDecider.bootstrap(ConfigState.EMPTY));
    }

    public static ConfigState platformWithLayer(String layer) {
        return platformWithLayer(layer, AssignmentUnit.SESSION);
    }

    public static ConfigState platformWithLayer(String layer, AssignmentUnit unit) {
        return ConfigDecider.handle(platform(),
                new ConfigCommand.CreateLayer(new Layer(new LayerId(layer), "Layer " + layer, "", unit)), ctx());
    }

    public static ConfigState run(ConfigState state, ConfigCommand... commands) {
        ConfigState s = state;
        for (ConfigCommand c : commands) {
            s = ConfigDecider.handle(s, c, ctx());
        }
        return s;
    }

    public static ExperimentId id(String id) {
        return new ExperimentId(id);
    }

    /** A draft created on a fresh platform. */
    public static ConfigState withDraft(String id) {
        return run(platform(), new ConfigCommand.CreateExperiment(definition(id)));
    }
}
