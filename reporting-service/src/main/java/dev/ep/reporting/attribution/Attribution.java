package dev.ep.reporting.attribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-unit attribution rules, as a pure function: (state, input, configuration, stream time) -> (next state,
 * changes of the arms' aggregates). The rules (README "Attribution rules"):
 *
 * <ul>
 *   <li>A unit is exposed to an experiment by its first coverage, by coverage time. A coverage that arrives later
 *   but is earlier than the one counted replaces it while the exposure is open; one in a later phase never makes the
 *   unit enter that phase (a unit counts only in the phase of its first exposure).</li>
 *   <li>A tracking event counts for an exposure when its receivedTime is in {@code [exposure, exposure + window)}
 *   and before the exposure's cutoff: the start of a later phase that moved the unit's slot (carry-over) or the
 *   experiment's stop.</li>
 *   <li>Events are deduplicated on event id, and on (type, order id) when they carry one.</li>
 *   <li>CUPED covariate ({@link CovariateRule}): a USER experiment's is the unit's metric over the fixed pre-period
 *   before the experiment's start day, from the user's daily history ({@link ActivityHistory}, fed by the applied
 *   events only); a SESSION experiment's the session's metric over the window before its first exposure; the
 *   holdout's the unit's metric over the window before its first decision.</li>
 *   <li>A forced coverage excludes the unit from the experiment (its contribution is taken back); a unit whose
 *   decision says it is held out is excluded from every experiment, and gets the holdout's intent-to-treat
 *   comparison instead (pseudo experiment {@value #HOLDOUT}, phase 0).</li>
 *   <li>An input more than window + grace behind the stream time is late: it changes nothing.</li>
 * </ul>
 */
public final class Attribution {

    /** The pseudo experiment of the holdout's intent-to-treat comparison (not a slug, so no experiment id). */
    public static final String HOLDOUT = "_holdout";
    public static final String HELD_OUT = "held-out";
    public static final String NOT_HELD_OUT = "not-held-out";

    /** What became of the input. */
    public enum Outcome { APPLIED, DUPLICATE, LATE }

    /**
     * @param next the unit's state afterwards, null when nothing is left to keep
     */
    public record Step(UnitState next, List<ArmDelta> deltas, Outcome outcome) {
    }

    private final AttributionSettings settings;

    public Attribution(AttributionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Step apply(UnitState state, UnitInput input, Catalog catalog, long streamTime) {
        long clock = Math.max(Math.max(state.clock(), streamTime), input.time());
        Work work = new Work(state, clock);
        Outcome outcome;
        if (input.time() + settings.horizonMs() <= clock) {
            outcome = Outcome.LATE;
        } else if (input instanceof Activity activity) {
            outcome = work.add(activity);
        } else if (input instanceof Coverage coverage) {
            work.expose(Exposure.of(coverage, coverage.forced() || (state.heldOut())), coverage.forced());
            outcome = Outcome.APPLIED;
        } else {
            work.decide((Decision) input);
            outcome = Outcome.APPLIED;
        }
        return work.finish(catalog, input.time(), outcome);
    }

    /** Moves the unit's state to {@code streamTime}: closes exposures and forgets what is past its bound. */
    public Step expire(UnitState state, Catalog catalog, long streamTime) {
        Work work = new Work(state, Math.max(state.clock(), streamTime));
        return work.finish(catalog, work.clock, Outcome.APPLIED);
    }

    /**
     * The unit's due time: the earliest stream time at which {@link #expire} changes the state or emits a change of
     * the arms, provided the catalog is the one the state was last written with (README "Due time").
     *
     * <p>Why that is enough: every write of a state goes through {@code finish}, which makes each open exposure's
     * emitted contribution equal to what the catalog gives; that contribution depends on the unit's events, history
     * and the catalog, never on the stream time (an event dropped by {@code forget} can no longer count for an open
     * exposure, nor a history day for its covariate). So under the same catalog {@code expire} changes something only
     * when {@code forget} does, and {@code forget}'s thresholds are all here: the earliest of an open exposure's close,
     * a closed exposure's, an event's, an assignment marker's and a history day's end of memory. Each is later than
     * the clock the state was written at, so the due time is too. A changed catalog (a stop, a phase that moves
     * slots, a custom metric) can change an open exposure's contribution at any time: that is for the caller to
     * handle (the stream passes over every unit when the catalog changes).
     *
     * @return the due time; {@link Long#MAX_VALUE} for an empty state (nothing to expire)
     */
    public long dueAt(UnitState state) {
        long due = Long.MAX_VALUE;
        for (Exposure exposure : state.exposures().values()) {
            due = Math.min(due, exposure.closed() ? forgottenAt(exposure) : closesAt(exposure));
        }
        for (Activity event : state.events()) {
            due = Math.min(due, forgottenAt(event));
        }
        for (long decided : state.assigned().values()) {
            due = Math.min(due, assignmentForgottenAt(decided));
        }
        for (ActivityHistory.Day day : state.history().days()) {
            due = Math.min(due, ActivityHistory.forgottenAt(day, settings.historyRetentionMs()));
        }
        return due;
    }

    /** When an open exposure closes: window + grace after it. */
    private long closesAt(Exposure exposure) {
        return AttributionSettings.after(exposure.time(), settings.horizonMs());
    }

    /** When a closed exposure is forgotten: memory after it. */
    private long forgottenAt(Exposure exposure) {
        return AttributionSettings.after(exposure.time(), settings.memoryMs());
    }

    /** When an event is forgotten: 2 windows + grace after it (open exposures and pre-exposure covariates). */
    private long forgottenAt(Activity event) {
        return AttributionSettings.after(event.time(), settings.horizonMs() + settings.windowMs());
    }

    /** When an assignment marker is forgotten: memory after the decision. */
    private long assignmentForgottenAt(long decided) {
        return AttributionSettings.after(decided, settings.memoryMs());
    }

    /** One application of the rules on a mutable copy of the state. */
    private final class Work {
        final long clock;
        final Map<String, Exposure> exposures;
        final List<Activity> events;
        final Map<String, Long> assigned;
        final UnitKind kind;
        ActivityHistory history;
        boolean heldOut;
        final List<ArmDelta> deltas = new ArrayList<>();

        Work(UnitState state, long clock) {
            this.clock = clock;
            this.exposures = new LinkedHashMap<>(state.exposures());
            this.events = new ArrayList<>(state.events());
            this.assigned = new LinkedHashMap<>(state.assigned());
            this.heldOut = state.heldOut();
            this.kind = state.kind();
            this.history = state.history();
        }

        Outcome add(Activity activity) {
            for (Activity kept : events) {
                if (kept.duplicates(activity)) {
                    return Outcome.DUPLICATE;
                }
            }
            events.add(activity);
            if (kind == UnitKind.USER) {
                history = history.with(activity);
            }
            return Outcome.APPLIED;
        }

        void expose(Exposure candidate, boolean exclude) {
            Exposure existing = exposures.get(candidate.experimentId());
            if (existing == null) {
                exposures.put(candidate.experimentId(), candidate);
            } else if (existing.closed()) {
                return;
            } else if (candidate.time() < existing.time()) {
                if (existing.emitted() != null) {
                    deltas.add(new ArmDelta(existing.arm(), existing.emitted(), null, 0, candidate.time(),
                            candidate.configVersion()));
                }
                exposures.put(candidate.experimentId(), existing.excluded() ? candidate.exclude() : candidate);
            } else if (exclude && !existing.excluded()) {
                exposures.put(candidate.experimentId(), existing.exclude());
            }
        }

        void decide(Decision decision) {
            for (Decision.Assigned a : decision.assignments()) {
                if (a.forced()) {
                    continue;
                }
                count(new ArmKey(a.experimentId(), a.phase(), a.treatment()), decision);
            }
            if (decision.holdout() != null) {
                String arm = decision.holdout() ? HELD_OUT : NOT_HELD_OUT;
                expose(new Exposure(HOLDOUT, 0, arm, null, decision.time(), decision.configVersion(), false, false,
                        null), false);
                count(new ArmKey(HOLDOUT, 0, arm), decision);
                if (decision.holdout()) {
                    heldOut = true;
                    exposures.replaceAll((id, e) -> id.equals(HOLDOUT) || e.excluded() ? e : e.exclude());
                }
            }
        }

        private void count(ArmKey arm, Decision decision) {
            String key = arm.experimentId() + "/" + arm.phase();
            if (!assigned.containsKey(key)) {
                assigned.put(key, decision.time());
                deltas.add(new ArmDelta(arm, null, null, 1, decision.time(), decision.configVersion()));
            }
        }

        Step finish(Catalog catalog, long time, Outcome outcome) {
            List<Metric> metrics = catalog.metrics();
            for (Map.Entry<String, Exposure> entry : exposures.entrySet()) {
                Exposure exposure = entry.getValue();
                if (exposure.closed()) {
                    continue;
                }
                Map<String, UnitValue> target = exposure.excluded() ? null : contribution(exposure, catalog, metrics);
                if (!Objects.equals(target, exposure.emitted())) {
                    // freshness: the figures now reflect every counted event, also one that waited for this input
                    long reflected = target == null ? time : Math.max(time, latestCounted(exposure, catalog));
                    deltas.add(new ArmDelta(exposure.arm(), exposure.emitted(), target, 0, reflected,
                            exposure.configVersion()));
                    entry.setValue(exposure.withEmitted(target));
                }
            }
            forget();
            UnitState next = new UnitState(clock, exposures, events, assigned, heldOut, kind, history);
            return new Step(next.isEmpty() ? null : next, List.copyOf(deltas), outcome);
        }

        /** Where the exposure's attribution ends: the window, or earlier at the phase's cut-off for its slot. */
        private long attributionEnd(Exposure exposure, Catalog catalog) {
            long end = exposure.time() + settings.windowMs();
            var cutoff = catalog.experiment(exposure.experimentId()).map(r -> r.cutoff(exposure.phase(),
                    exposure.slot()));
            if (cutoff.isPresent() && cutoff.get().isPresent()) {
                end = Math.min(end, cutoff.get().getAsLong());
            }
            return end;
        }

        /** The latest server time of an event counted for the exposure (its own time when none is). */
        private long latestCounted(Exposure exposure, Catalog catalog) {
            long end = attributionEnd(exposure, catalog);
            long latest = exposure.time();
            for (Activity event : events) {
                if (event.time() >= exposure.time() && event.time() < end) {
                    latest = Math.max(latest, event.time());
                }
            }
            return latest;
        }

        private Map<String, UnitValue> contribution(Exposure exposure, Catalog catalog, List<Metric> metrics) {
            long end = attributionEnd(exposure, catalog);
            List<Activity> attributed = new ArrayList<>();
            List<Activity> before = new ArrayList<>();
            for (Activity event : events) {
                if (event.time() >= exposure.time() && event.time() < end) {
                    attributed.add(event);
                } else if (event.time() < exposure.time() && event.time() >= exposure.time() - settings.windowMs()) {
                    before.add(event);
                }
            }
            ActivityTotals covariatePeriod = switch (CovariateRule.of(exposure.experimentId(), kind)) {
                case PRE_EXPOSURE_SESSION, PRE_EXPOSURE_WINDOW -> ActivityTotals.of(before);
                case PRE_PERIOD -> catalog.experiment(exposure.experimentId())
                        .flatMap(rules -> CovariateRule.PrePeriod.of(rules, settings))
                        .filter(period -> period.covers(exposure.time()))
                        .map(period -> history.over(period.fromDay(), period.toDay()))
                        .orElse(ActivityTotals.ZERO);
            };
            Map<String, UnitValue> values = new HashMap<>();
            for (Metric metric : metrics) {
                values.put(metric.metricName(), metric.value(attributed, covariatePeriod));
            }
            return values;
        }

        /** Closes exposures past window + grace, drops events and memories past their bounds. */
        private void forget() {
            // the thresholds are those of dueAt: keep them in one place
            exposures.replaceAll((id, e) -> !e.closed() && closesAt(e) <= clock ? e.close() : e);
            exposures.values().removeIf(e -> e.closed() && forgottenAt(e) <= clock);
            events.removeIf(e -> forgottenAt(e) <= clock);
            assigned.values().removeIf(t -> assignmentForgottenAt(t) <= clock);
            history = history.forget(clock, settings.historyRetentionMs());
        }
    }
}
