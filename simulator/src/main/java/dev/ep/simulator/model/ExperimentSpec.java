package dev.ep.simulator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated experiment, created on the platform by the run.
 *
 * @param id          model id; the platform id is {@code id + "-" + runId}
 * @param layer       the layer (its unit is the experiment's)
 * @param traffic     percent of the layer's buckets the experiment takes
 * @param treatments  weights in percent, summing to 100; exactly one control
 * @param pages       targeting pages: where assignment-service assigns it (empty = every page)
 * @param renders     pages that really render the treatment, so the storefront confirms coverage there; a subset
 *                    of {@code pages}; so coverage differs from assignment
 * @param effects     planted effects (none: an A/A experiment)
 * @param coverageBug a deliberate coverage defect, or null
 * @param qaSessions  treatment → number of QA sessions the run forces into it by a QA override
 */
public record ExperimentSpec(String id, String layer, double traffic, List<TreatmentSpec> treatments,
        List<String> pages, List<String> renders, List<Effect> effects, CoverageBug coverageBug,
        Map<String, Integer> qaSessions) {

    public ExperimentSpec {
        Names.require("experiment id", id);
        Names.require("experiment " + id + " layer", layer);
        if (!(traffic > 0) || traffic > 100) {
            throw new ModelException("experiment " + id + ": traffic must be in (0, 100] percent, got " + traffic);
        }
        treatments = List.copyOf(treatments == null ? List.of() : treatments);
        if (treatments.size() < 2) {
            throw new ModelException("experiment " + id + ": at least two treatments are required");
        }
        int bp = 0;
        int controls = 0;
        List<String> names = new ArrayList<>();
        for (TreatmentSpec t : treatments) {
            bp += t.weightBasisPoints();
            controls += t.control() ? 1 : 0;
            if (names.contains(t.name())) {
                throw new ModelException("experiment " + id + ": treatment " + t.name() + " is listed twice");
            }
            names.add(t.name());
        }
        if (bp != 10_000) {
            throw new ModelException("experiment " + id + ": weights must sum to 100 percent, got " + bp / 100.0);
        }
        if (controls != 1) {
            throw new ModelException("experiment " + id + ": exactly one treatment must be the control");
        }
        pages = List.copyOf(pages == null ? List.of() : pages);
        renders = List.copyOf(renders == null ? List.of() : renders);
        for (String r : renders) {
            if (!pages.isEmpty() && !pages.contains(r)) {
                throw new ModelException("experiment " + id + ": renders page " + r + " is not one of its pages " + pages);
            }
        }
        effects = List.copyOf(effects == null ? List.of() : effects);
        for (Effect e : effects) {
            if (!names.contains(e.treatment())) {
                throw new ModelException("experiment " + id + ": effect names unknown treatment " + e.treatment());
            }
        }
        if (coverageBug != null && !names.contains(coverageBug.treatment())) {
            throw new ModelException("experiment " + id + ": coverageBug names unknown treatment " + coverageBug.treatment());
        }
        qaSessions = qaSessions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(qaSessions));
        for (Map.Entry<String, Integer> q : qaSessions.entrySet()) {
            if (!names.contains(q.getKey()) || q.getValue() == null || q.getValue() < 0 || q.getValue() > 100) {
                throw new ModelException("experiment " + id + ": qaSessions needs known treatments and 0..100 sessions, got "
                        + q);
            }
        }
    }

    public int trafficBasisPoints() {
        return (int) Math.round(traffic * 100);
    }

    public TreatmentSpec control() {
        return treatments.stream().filter(TreatmentSpec::control).findFirst().orElseThrow();
    }

    public Optional<TreatmentSpec> treatment(String name) {
        return treatments.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Whether assignment-service assigns this experiment on {@code page}. */
    public boolean assignsOn(String page) {
        return pages.isEmpty() || pages.contains(page);
    }

    public boolean rendersOn(String page) {
        return renders.contains(page);
    }

    /** True when no effect is planted: the two arms are the same (an A/A test). */
    public boolean isAa() {
        return effects.isEmpty();
    }
}
