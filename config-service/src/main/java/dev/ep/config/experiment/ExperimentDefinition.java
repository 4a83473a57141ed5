package dev.ep.config.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.MetricName;
import dev.ep.config.problem.Checks;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.targeting.Targeting;

/**
 * What an owner defines. Self-consistent on construction (sizes, treatments, overrides naming
 * existing treatments, metrics distinct); whether the layer and metrics exist is checked against the
 * current state by the decider. {@code autoPause}: opt-in to reporting-service pausing the experiment when SRM is
 * flagged on coverage or a guardrail metric shows harm (an audited definition change like any other). The primary metric may be left out while drafting; starting needs it.
 *
 * <p>{@code unit} may be {@code null} only in a command: the owner gave none, so the experiment takes its layer's
 * unit, which the decider fills in ({@link #withUnit}). Every definition in an event or in the state has a unit,
 * and it equals its layer's (a mismatch is refused).
 */
public record ExperimentDefinition(
        ExperimentId id,
        String name,
        String hypothesis,
        String owner,
        LayerId layer,
        AssignmentUnit unit,
        Salt salt,
        Treatments treatments,
        Targeting targeting,
        Optional<MetricName> primaryMetric,
        List<MetricName> guardrailMetrics,
        Overrides overrides,
        boolean autoPause) {

    public static final int MAX_NAME = 200;
    public static final int MAX_HYPOTHESIS = 4_000;
    public static final int MAX_OWNER = 200;
    public static final int MAX_GUARDRAILS = 10;

    public ExperimentDefinition {
        Checks.notNull("id", id);
        name = Checks.required("name", name, MAX_NAME);
        hypothesis = Checks.optional("hypothesis", hypothesis, MAX_HYPOTHESIS);
        owner = Checks.required("owner", owner, MAX_OWNER);
        layer = layer == null ? LayerId.DEFAULT : layer;
        salt = salt == null ? Salt.of(id) : salt;
        Checks.notNull("treatments", treatments);
        targeting = targeting == null ? Targeting.EVERYONE : targeting;
        primaryMetric = primaryMetric == null ? Optional.empty() : primaryMetric;
        guardrailMetrics = guardrailMetrics == null ? List.of() : List.copyOf(guardrailMetrics);
        overrides = overrides == null ? Overrides.NONE : overrides;
        if (guardrailMetrics.size() > MAX_GUARDRAILS) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "guardrailMetrics: at most " + MAX_GUARDRAILS
                    + " allowed, got " + guardrailMetrics.size());
        }
        Set<MetricName> seen = new HashSet<>();
        primaryMetric.ifPresent(seen::add);
        for (int i = 0; i < guardrailMetrics.size(); i++) {
            MetricName m = guardrailMetrics.get(i);
            if (!seen.add(m)) {
                throw new ConfigException(ErrorCode.INVALID_FIELD, "guardrailMetrics[" + i + "]: '" + m
                        + "' is already the primary metric or an earlier guardrail");
            }
        }
        overrides.checkAgainst(treatments);
    }

    /** A definition without auto-pause (the default). */
    public ExperimentDefinition(ExperimentId id, String name, String hypothesis, String owner, LayerId layer,
                                AssignmentUnit unit, Salt salt, Treatments treatments, Targeting targeting,
                                Optional<MetricName> primaryMetric, List<MetricName> guardrailMetrics,
                                Overrides overrides) {
        this(id, name, hypothesis, owner, layer, unit, salt, treatments, targeting, primaryMetric, guardrailMetrics,
                overrides, false);
    }

    /** Every metric the definition refers to, primary first. */
    public List<MetricName> metrics() {
        List<MetricName> all = new ArrayList<>();
        primaryMetric.ifPresent(all::add);
        all.addAll(guardrailMetrics);
        return all;
    }

    public ExperimentDefinition withUnit(AssignmentUnit newUnit) {
        return new ExperimentDefinition(id, name, hypothesis, owner, layer, newUnit, salt, treatments, targeting,
                primaryMetric, guardrailMetrics, overrides, autoPause);
    }

    public ExperimentDefinition withTreatments(Treatments newTreatments) {
        return new ExperimentDefinition(id, name, hypothesis, owner, layer, unit, salt, newTreatments, targeting,
                primaryMetric, guardrailMetrics, overrides, autoPause);
    }

    public ExperimentDefinition withOverrides(Overrides newOverrides) {
        return new ExperimentDefinition(id, name, hypothesis, owner, layer, unit, salt, treatments, targeting,
                primaryMetric, guardrailMetrics, newOverrides, autoPause);
    }

    public ExperimentDefinition withTargeting(Targeting newTargeting) {
        return new ExperimentDefinition(id, name, hypothesis, owner, layer, unit, salt, treatments, newTargeting,
                primaryMetric, guardrailMetrics, overrides, autoPause);
    }
}
