package dev.ep.simulator.ledger;

import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.engine.SessionPlan;
import dev.ep.simulator.engine.SessionPlans;
import dev.ep.simulator.model.Effect;
import dev.ep.simulator.model.ExperimentSpec;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.model.TreatmentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the ledger's header from the model and the run's settings. */
public final class RunHeaders {

    private RunHeaders() {
    }

    public static RunHeader of(ShopModel model, RunIds ids, long seed, String mode, long startedAtMillis,
            double slaMillis, List<SessionPlan> plans, Map<String, Integer> phases) {
        return of(model, ids, seed, mode, startedAtMillis, slaMillis, plans, phases, model.holdout().basisPoints(),
                model.holdout().unit().wire());
    }

    /** With the holdout as the platform has it (it is platform-wide: another run may have set it). */
    public static RunHeader of(ShopModel model, RunIds ids, long seed, String mode, long startedAtMillis,
            double slaMillis, List<SessionPlan> plans, Map<String, Integer> phases, int holdoutBasisPoints,
            String holdoutUnit) {
        Map<String, Map<String, String>> overrides = SessionPlans.overrides(plans);
        List<RunHeader.Experiment> experiments = new ArrayList<>();
        for (ExperimentSpec e : model.experiments()) {
            String id = ids.experiment(e.id());
            Map<String, Integer> weights = new LinkedHashMap<>();
            for (TreatmentSpec t : e.treatments()) {
                weights.put(t.name(), t.weightBasisPoints());
            }
            List<String> effects = new ArrayList<>();
            for (Effect f : e.effects()) {
                effects.add(f.treatment() + ": " + f.from() + "->" + f.to() + " x" + f.multiplier());
            }
            experiments.add(new RunHeader.Experiment(id, e.id(), ids.layer(e.layer()), model.unitOf(e).wire(),
                    phases.getOrDefault(id, 1), e.trafficBasisPoints(), weights, e.control().name(), e.pages(),
                    e.renders(), e.coverageBug() == null ? null : e.coverageBug().treatment(),
                    e.coverageBug() == null ? 0 : e.coverageBug().underReport(), overrides.getOrDefault(id, Map.of()),
                    effects));
        }
        return new RunHeader(ids.runId(), seed, model.name(), mode, startedAtMillis, holdoutBasisPoints, holdoutUnit,
                slaMillis, experiments);
    }
}
