package dev.ep.simulator.engine;

import dev.ep.simulator.model.ExperimentSpec;
import dev.ep.simulator.model.ShopModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sessions of a run: the QA sessions first (one per forced unit the model asks for, arriving at time 0), then
 * {@code count} visitor sessions with Poisson arrival times. Whether a visitor session is a returning user's, and
 * whose, is drawn from the first split of the session's own stream.
 */
public final class SessionPlans {

    private SessionPlans() {
    }

    public static List<SessionPlan> create(ShopModel model, RunIds ids, long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("sessions must be >= 0");
        }
        List<SessionPlan> plans = new ArrayList<>(count + 8);
        long index = 0;
        for (ExperimentSpec e : model.experiments()) {
            for (Map.Entry<String, Integer> qa : e.qaSessions().entrySet()) {
                for (int n = 0; n < qa.getValue(); n++) {
                    plans.add(new SessionPlan(index++, ids.qaSession(e.id(), qa.getKey(), n), 0, null,
                            ids.experiment(e.id()), qa.getKey()));
                }
            }
        }
        ArrivalSchedule arrivals = new ArrivalSchedule(model.arrivals(), seed);
        for (int i = 0; i < count; i++) {
            plans.add(visitor(model, ids, seed, index, arrivals.next()));
            index++;
        }
        return plans;
    }

    /** Visitor session {@code index}: a returning user with the model's share, from the session's plan stream. */
    public static SessionPlan visitor(ShopModel model, RunIds ids, long seed, long index, long arrivalMillis) {
        SplittableRandom planRandom = Seeds.session(seed, index).split();
        String user = null;
        if (planRandom.nextDouble() < model.visitors().returningShare()) {
            user = ids.user(planRandom.nextInt(model.visitors().returningUsers()));
        }
        return new SessionPlan(index, ids.session(index), arrivalMillis, user, null, null);
    }

    /** The QA overrides the run sets: per experiment platform id, unit id → treatment. */
    public static Map<String, Map<String, String>> overrides(List<SessionPlan> plans) {
        Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
        for (SessionPlan p : plans) {
            if (p.qa()) {
                out.computeIfAbsent(p.qaExperimentId(), k -> new java.util.LinkedHashMap<>())
                        .put(p.sessionId(), p.qaTreatment());
            }
        }
        return out;
    }
}
