package dev.ep.simulator.engine;

import dev.ep.simulator.model.Effect;
import dev.ep.simulator.model.ExperimentSpec;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.model.StateSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs one session as a stochastic state machine against a {@link Storefront}. Plain Java: no HTTP, no clock
 * (dwell times go to a {@link Pacer}). Each page: log in (a returning user, part-way), ask for assignments, render
 * the experiments this page shows and confirm their coverage (unless the model's coverage bug swallows it), send the
 * page's tracking events, dwell, then move on by the model's transition probabilities, adjusted by the planted
 * effects of every treatment the session has seen. Four independent random streams split from the session's own
 * (plan, path, coverage bug, order values), so that what one stream draws never shifts another.
 */
public final class SessionEngine {

    private final ShopModel model;
    private final RunIds ids;
    private final long seed;
    private final Map<String, ExperimentSpec> byPlatformId = new HashMap<>();

    public SessionEngine(ShopModel model, RunIds ids, long seed) {
        this.model = model;
        this.ids = ids;
        this.seed = seed;
        for (ExperimentSpec e : model.experiments()) {
            byPlatformId.put(ids.experiment(e.id()), e);
        }
    }

    public SessionOutcome run(SessionPlan plan, Storefront storefront, Pacer pacer) throws InterruptedException {
        Cursor session = start(plan);
        while (!session.done()) {
            long dwell = session.step(storefront);
            if (!session.done()) {
                pacer.dwell(dwell);
            }
        }
        return session.outcome();
    }

    /** A session to run page by page: {@link Cursor#step} runs one page and says how long the visitor stays. */
    public Cursor start(SessionPlan plan) {
        return new Cursor(plan);
    }

    /**
     * One session in progress. A scheduler runs {@link #step} when the page is due ({@link #dueMillis}, simulated
     * time since the run's start), so a session in real-time mode holds no thread while its visitor reads a page. Not
     * thread-safe: one step at a time (a session's pages are sequential).
     */
    public final class Cursor {

        private final SessionPlan plan;
        private final SplittableRandom path;
        private final SplittableRandom values;
        private final Set<String> swallowing = new HashSet<>();
        private final List<String> qaPath;
        private final List<String> pages = new ArrayList<>();
        private final Set<String> seen = new LinkedHashSet<>(); // "experimentId/treatment" rendered so far
        private String user;
        private String previous;
        private String state = model.start();
        private int events;
        private int orders;
        private long revenue;
        private long simMillis;
        private int pageIndex;
        private boolean done;

        private Cursor(SessionPlan plan) {
            this.plan = plan;
            SplittableRandom base = Seeds.session(seed, plan.index());
            base.split(); // the plan's stream (SessionPlans)
            this.path = base.split();
            SplittableRandom bug = base.split();
            this.values = base.split();
            // The coverage bug strikes per session: this session's confirmations of the buggy treatment are all left
            // out with the model's probability, so the share of units under-reported is exactly that probability.
            for (ExperimentSpec e : model.experiments()) {
                if (e.coverageBug() != null && bug.nextDouble() < e.coverageBug().underReport()) {
                    swallowing.add(ids.experiment(e.id()) + "/" + e.coverageBug().treatment());
                }
            }
            this.qaPath = plan.qa() ? qaPath(plan) : null;
            this.simMillis = plan.arrivalMillis();
        }

        public SessionPlan plan() {
            return plan;
        }

        public boolean done() {
            return done;
        }

        /** When the next page is due, in simulated milliseconds since the run's start. */
        public long dueMillis() {
            return simMillis;
        }

        /** Runs the current page's calls; returns the visitor's dwell time on it (ms; the next page is due after it). */
        public long step(Storefront storefront) {
            if (done) {
                throw new IllegalStateException("session " + plan.sessionId() + " is over");
            }
            if (plan.returningUserId() != null && user == null && pageIndex > 0
                    && (state.equals(model.visitors().loginAt()) || path.nextDouble() < model.visitors().loginPerPage())) {
                user = plan.returningUserId();
            }
            pages.add(state);
            Storefront.Visit visit = new Storefront.Visit(plan, user, state, pageIndex, simMillis);
            Storefront.Assignments answer = storefront.assign(visit);
            List<Storefront.Assignment> confirm = new ArrayList<>();
            for (Storefront.Assignment a : answer.assignments()) {
                ExperimentSpec spec = byPlatformId.get(a.experimentId());
                if (spec == null || !spec.rendersOn(state)) {
                    continue;
                }
                seen.add(a.experimentId() + "/" + a.treatment());
                if (!swallowing.contains(a.experimentId() + "/" + a.treatment())) {
                    confirm.add(a);
                }
            }
            if (!confirm.isEmpty()) {
                storefront.cover(visit, confirm);
            }
            List<Storefront.TrackEvent> batch = new ArrayList<>(3);
            if (state.equals(ShopModel.CART) && "product".equals(previous)) {
                batch.add(new Storefront.TrackEvent(ids.event(plan.index(), events++), "add_to_cart", null, null));
            }
            if (state.equals(ShopModel.CHECKOUT) && ShopModel.CART.equals(previous)) {
                batch.add(new Storefront.TrackEvent(ids.event(plan.index(), events++), "checkout_started", null, null));
            }
            if (state.equals(ShopModel.ORDER)) {
                long value = model.orderValue().sample(values);
                batch.add(new Storefront.TrackEvent(ids.event(plan.index(), events++), "order", value,
                        ids.order(plan.index(), orders)));
                orders++;
                revenue += value;
            }
            batch.add(new Storefront.TrackEvent(ids.event(plan.index(), events++), "page_view", null, null));
            storefront.track(visit, batch);

            long dwell = model.states().get(state).dwell().sampleMillis(path);
            simMillis += dwell;
            String next = qaPath != null ? (pageIndex + 1 < qaPath.size() ? qaPath.get(pageIndex + 1) : ShopModel.EXIT)
                    : choose(state, seen, path);
            pageIndex++;
            if (next.equals(ShopModel.EXIT) || pageIndex >= model.maxPagesPerSession()) {
                done = true;
            } else {
                previous = state;
                state = next;
            }
            return dwell;
        }

        public SessionOutcome outcome() {
            return new SessionOutcome(plan.index(), List.copyOf(pages), orders, revenue, user != null);
        }
    }

    /**
     * A QA session is a tester checking the forced treatment: the start page, then each page of the experiment (every
     * page when it targets all), then exit; no random transitions.
     */
    private List<String> qaPath(SessionPlan plan) {
        ExperimentSpec spec = byPlatformId.get(plan.qaExperimentId());
        List<String> out = new ArrayList<>();
        out.add(model.start());
        for (String page : spec.pages().isEmpty() ? model.states().keySet() : spec.pages()) {
            if (!page.equals(model.start())) {
                out.add(page);
            }
        }
        return out;
    }

    /** The next state, from the model's probabilities with the effects of every treatment seen applied. */
    String choose(String state, Set<String> seen, SplittableRandom random) {
        Map<String, Double> p = transitions(state, seen);
        double u = random.nextDouble();
        double cumulative = 0;
        String last = null;
        for (Map.Entry<String, Double> e : p.entrySet()) {
            cumulative += e.getValue();
            last = e.getKey();
            if (u < cumulative) {
                return last;
            }
        }
        return last; // rounding: u at the very top
    }

    /**
     * The transition probabilities out of {@code state} for a session that has seen {@code seen} (experiment
     * platform id / treatment): each matching effect multiplies its target's probability and scales the others by
     * the same factor so that they still sum to 1.
     */
    public Map<String, Double> transitions(String state, Set<String> seen) {
        StateSpec spec = model.states().get(state);
        Map<String, Double> p = new LinkedHashMap<>(spec.next());
        for (String s : seen) {
            int slash = s.lastIndexOf('/');
            ExperimentSpec e = byPlatformId.get(s.substring(0, slash));
            String treatment = s.substring(slash + 1);
            for (Effect effect : e.effects()) {
                if (!effect.treatment().equals(treatment) || !effect.from().equals(state)) {
                    continue;
                }
                double old = p.get(effect.to());
                double raised = Math.min(1.0, old * effect.multiplier());
                double rest = 1.0 - old;
                for (Map.Entry<String, Double> t : p.entrySet()) {
                    if (t.getKey().equals(effect.to())) {
                        t.setValue(raised);
                    } else {
                        t.setValue(rest > 0 ? t.getValue() * (1.0 - raised) / rest : 0.0);
                    }
                }
            }
        }
        return p;
    }
}
