package dev.ep.config.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.ep.config.change.TeamScope;
import dev.ep.config.change.CommandContext;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.experiment.Treatments;
import dev.ep.config.experiment.Variables;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.MetricName;
import dev.ep.config.store.ConfigStore;

/** Store-level fixtures: a layer, a three-treatment experiment and the lifecycle commands. */
public final class Commands {

    private Commands() {
    }

    public static ExperimentDefinition threeTreatments(String id, String layer) {
        Treatments ts = new Treatments(List.of(
                new Treatment("control", "today's button", true, 3_334, Variables.EMPTY),
                new Treatment("green", "green button", false, 3_333, new Variables("{\"color\":\"green\"}")),
                new Treatment("blue", "blue button", false, 3_333, new Variables("{\"color\":\"blue\"}"))));
        return new ExperimentDefinition(new ExperimentId(id), "Checkout button " + id, "Colour matters", "team-checkout",
                new LayerId(layer), null, null, ts, null, Optional.of(new MetricName("conversion")), List.of(), null);
    }

    public static CommandContext ctx(ConfigStore store, String reason) {
        return store.context("tester", Optional.ofNullable(reason), OptionalLong.empty(), TeamScope.ALL);
    }

    /** Layer, experiment, start 10%, ramp 50%, weights, pause, stop: seven events. */
    public static void lifecycle(ConfigStore store, String layer, String experiment) {
        ExperimentId id = new ExperimentId(experiment);
        store.execute(new ConfigCommand.CreateLayer(new Layer(new LayerId(layer), "Layer " + layer, "")), ctx(store, null));
        store.execute(new ConfigCommand.CreateExperiment(threeTreatments(experiment, layer)), ctx(store, null));
        store.execute(new ConfigCommand.Start(id, 1_000), ctx(store, "go"));
        store.execute(new ConfigCommand.Ramp(id, 5_000), ctx(store, "looks healthy"));
        store.execute(new ConfigCommand.ChangeWeights(id, Map.of("control", 5_000, "green", 2_500, "blue", 2_500)),
                ctx(store, null));
        store.execute(new ConfigCommand.Pause(id), ctx(store, null));
        store.execute(new ConfigCommand.Stop(id), ctx(store, "done"));
    }
}
