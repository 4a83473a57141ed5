package dev.ep.config.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ep.config.allocation.BucketAllocation;
import dev.ep.config.allocation.Range;
import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.CommandContext;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigDecider;
import dev.ep.config.change.ConfigEvent;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.ExperimentStatus;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.experiment.Phase;
import dev.ep.config.experiment.PhaseWeight;
import dev.ep.config.experiment.Salt;
import dev.ep.config.experiment.TrafficStep;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.experiment.Treatments;
import dev.ep.config.experiment.Variables;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.slot.SlotMap;
import dev.ep.config.slot.SlotRange;
import dev.ep.config.store.CanonicalJson;
import dev.ep.config.store.EventJson;
import dev.ep.config.store.HashChain;
import dev.ep.config.store.StoredEvent;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.MetricAggregation;
import dev.ep.events.v1.MetricState;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.UnitType;
import dev.ep.schemas.AvroTrust;
import dev.ep.schemas.ConfigKeys;
import dev.ep.targeting.Rule;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingParser;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * The edge between the core and the published Avro records. The assignment service builds its whole configuration
 * from {@code ExperimentSnapshot}s alone, so a snapshot must carry everything it needs: these tests map the core to
 * Avro, through the binary encoding, and back, and expect the very same core state.
 */
class AvroMappingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    static {
        AvroTrust.install();
    }

    /** Builds a log as the store does (sequence, per-aggregate version, envelope, hash chain). */
    private static final class Log {
        ConfigState state = ConfigState.EMPTY;
        final List<StoredEvent> events = new ArrayList<>();
        Instant now = T0;

        Log() {
            append(ConfigDecider.bootstrap(state), "system", null);
        }

        Log run(ConfigCommand command, String reason) {
            now = now.plusSeconds(90);
            append(ConfigDecider.decide(state, command, CommandContext.of("alice", reason, now)), "alice", reason);
            return this;
        }

        /** Runs the command if the decider accepts it. */
        void attempt(ConfigCommand command) {
            try {
                run(command, "because");
            } catch (ConfigException refused) {
                // nothing appended
            }
        }

        private void append(List<ConfigEvent> decided, String actor, String reason) {
            for (ConfigEvent event : decided) {
                long sequence = events.size() + 1;
                int version = (int) state.version(event.aggregate()) + 1;
                String type = EventJson.type(event);
                String payload = CanonicalJson.write(EventJson.encode(event));
                String previous = events.isEmpty() ? null : events.get(events.size() - 1).hash();
                String hash = HashChain.hash(sequence, event.aggregate().type().name(), event.aggregate().id(), version,
                        type, payload, actor, reason, now, previous);
                state = state.apply(event);
                events.add(new StoredEvent(sequence, event.aggregate(), version, type, payload, actor,
                        Optional.ofNullable(reason), now, Optional.ofNullable(previous), hash, event));
            }
        }

        StoredEvent last() {
            return events.get(events.size() - 1);
        }
    }

    @Test
    void shouldCarryEveryFieldTheAssignmentServiceNeedsWhenARunningExperimentChangedItsPhaseOverridesAndTargeting() {
        // given: a user-unit experiment in its own layer, ramped up and down, reweighted, with overrides and a rule
        ExperimentId id = new ExperimentId("checkout-button");
        Log log = new Log()
                .run(new ConfigCommand.CreateLayer(new Layer(new LayerId("checkout"), "Checkout", "checkout page",
                        AssignmentUnit.USER)), null)
                .run(new ConfigCommand.DefineCustomMetric(new CustomMetric(new MetricName("wishlist_adds"),
                        "wishlist_add", Aggregation.SUM, "")), null)
                .run(new ConfigCommand.CreateExperiment(richDefinition(id)), null)
                .run(new ConfigCommand.Start(id, 1_000), "first look")
                .run(new ConfigCommand.Ramp(id, 5_000), "healthy")
                .run(new ConfigCommand.ChangeWeights(id, Map.of("control", 5_000, "green", 2_000, "blue", 3_000)), "x")
                .run(new ConfigCommand.Ramp(id, 3_000), "too much")
                .run(new ConfigCommand.ChangeOverrides(id, new Overrides(Map.of("user-7", "blue", "qa-1", "green"))),
                        null)
                .run(new ConfigCommand.ChangeTargeting(id, TargetingParser.parse("{\"pages\":[\"checkout\",\"cart\"],"
                        + "\"rule\":{\"all\":[{\"gte\":{\"attribute\":\"cart_value\",\"value\":49.5}},"
                        + "{\"not\":{\"in\":{\"attribute\":\"country\",\"values\":[\"US\",\"CA\"]}}}]}}")), null);

        // when
        StoredEvent last = log.last();
        ExperimentSnapshot snapshot = roundTrip(AvroMapping.snapshot(log.state, last));
        ExperimentState x = snapshot.getExperiment();

        // then: the envelope
        assertThat(snapshot.getSequence()).isEqualTo(10);
        assertThat(snapshot.getVersion()).isEqualTo(7);
        assertThat(snapshot.getTime()).isEqualTo(T0.plusSeconds(9 * 90));
        assertThat(snapshot.getDeleted()).isFalse();
        assertThat(snapshot.getLayer()).isNull();
        assertThat(ConfigKeys.of(snapshot.getAggregateType(), snapshot.getAggregateId()))
                .isEqualTo(last.aggregate().key()).isEqualTo("experiment:checkout-button");
        // and: the definition
        assertThat(x.getId()).isEqualTo("checkout-button");
        assertThat(x.getHypothesis()).isEqualTo("Green converts");
        assertThat(x.getLayerId()).isEqualTo("checkout");
        assertThat(x.getUnitType().name()).isEqualTo("USER");
        assertThat(x.getSalt()).isEqualTo("checkout-button-2");
        assertThat(x.getTreatments()).extracting(t -> t.getName() + "/" + t.getControl() + "/"
                + t.getWeightBasisPoints() + "/" + t.getDescription() + "/" + t.getVariables())
                .containsExactly("control/true/5000/null/{}", "green/false/2000/green button/{\"color\":\"green\"}",
                        "blue/false/3000/null/{\"color\":\"blue\",\"size\":1.50}");
        assertThat(x.getPrimaryMetric()).isEqualTo("wishlist_adds");
        assertThat(x.getGuardrailMetrics()).containsExactly("average_order_value", "conversion");
        assertThat(x.getOverrides()).containsExactlyInAnyOrderEntriesOf(Map.of("user-7", "blue", "qa-1", "green"));
        assertThat(x.getTargeting().getPages()).containsExactly("cart", "checkout");
        assertThat(TargetingParser.parseRule(x.getTargeting().getRule()))
                .isEqualTo(log.state.experiment(id).orElseThrow().definition().targeting().rule());
        // and: the live state: 30% of the layer (ramp-down released the newest claims), phase 2 with its moved slots
        assertThat(x.getStatus().name()).isEqualTo("RUNNING");
        assertThat(x.getTrafficBasisPoints()).isEqualTo(3_000);
        assertThat(x.getBuckets()).extracting(r -> r.getStart() + "-" + r.getEnd()).containsExactly("0-3000");
        assertThat(x.getPhase()).isEqualTo(2);
        assertThat(x.getPhases()).extracting(p -> p.getNumber() + "@" + p.getStartedAt() + ":" + p.getChangedSlots()
                .stream().map(r -> r.getStart() + "-" + r.getEnd()).toList())
                .containsExactly("1@" + T0.plusSeconds(4 * 90) + ":[]", "2@" + T0.plusSeconds(6 * 90) + ":[5334-6667, 9667-10000]");
        assertThat(x.getSlotCount()).isEqualTo(10_000);
        assertThat(x.getSlots()).extracting(s -> s.getStart() + "-" + s.getEnd() + ":" + s.getTreatment())
                .containsExactly("0-3334:control", "3334-5334:green", "5334-6667:control", "6667-9667:blue",
                        "9667-10000:control");
        // and: every phase's weights, traffic steps and end, so a phase's expected split needs no change log
        dev.ep.events.v1.Phase first = x.getPhases().get(0);
        dev.ep.events.v1.Phase second = x.getPhases().get(1);
        assertThat(first.getWeights()).extracting(w -> w.getTreatment() + "=" + w.getWeightBasisPoints())
                .containsExactly("control=3334", "green=3333", "blue=3333");
        assertThat(first.getTraffic()).extracting(t -> t.getFrom() + "/" + t.getTrafficBasisPoints() + "/"
                + t.getAssigning()).containsExactly(T0.plusSeconds(4 * 90) + "/1000/true",
                        T0.plusSeconds(5 * 90) + "/5000/true");
        assertThat(second.getStartedAt()).as("phase 1 ends where phase 2 starts").isEqualTo(T0.plusSeconds(6 * 90));
        assertThat(second.getWeights()).extracting(w -> w.getTreatment() + "=" + w.getWeightBasisPoints())
                .containsExactly("control=5000", "green=2000", "blue=3000");
        assertThat(second.getTraffic()).extracting(t -> t.getFrom() + "/" + t.getTrafficBasisPoints() + "/"
                + t.getAssigning()).containsExactly(T0.plusSeconds(6 * 90) + "/5000/true",
                        T0.plusSeconds(7 * 90) + "/3000/true");
        assertThat(x.getStoppedAt()).as("a running experiment's current phase has not ended").isNull();
    }

    @Test
    void shouldMarkPausedStepsAndEndTheLastPhaseAtTheStopWhenAnExperimentIsPausedReweightedAndStopped() {
        // given: started at 20%, paused, reweighted and ramped while paused, resumed, stopped
        ExperimentId id = new ExperimentId("x");
        Log log = new Log()
                .run(new ConfigCommand.CreateExperiment(richDefinition(id)), null)
                .run(new ConfigCommand.Start(id, 2_000), "go")
                .run(new ConfigCommand.Pause(id), "incident")
                .run(new ConfigCommand.ChangeWeights(id, Map.of("control", 5_000, "green", 2_500, "blue", 2_500)), "x")
                .run(new ConfigCommand.Ramp(id, 1_000), "smaller")
                .run(new ConfigCommand.Resume(id), "fixed")
                .run(new ConfigCommand.Stop(id), "done");

        // when
        ExperimentState x = roundTrip(AvroMapping.snapshot(log.state, log.last())).getExperiment();

        // then: the pause is a step that assigns nothing; the reweight opens phase 2 paused; the stop ends phase 2
        assertThat(x.getPhases()).extracting(p -> p.getNumber() + "@" + p.getStartedAt() + "-" + end(x, p) + ":"
                + p.getTraffic().stream().map(t -> t.getFrom() + "/" + t.getTrafficBasisPoints() + "/"
                        + t.getAssigning()).toList())
                .containsExactly(
                        "1@" + T0.plusSeconds(2 * 90) + "-" + T0.plusSeconds(4 * 90) + ":["
                                + T0.plusSeconds(2 * 90) + "/2000/true, " + T0.plusSeconds(3 * 90) + "/2000/false]",
                        "2@" + T0.plusSeconds(4 * 90) + "-" + T0.plusSeconds(7 * 90) + ":["
                                + T0.plusSeconds(4 * 90) + "/2000/false, " + T0.plusSeconds(5 * 90) + "/1000/false, "
                                + T0.plusSeconds(6 * 90) + "/1000/true]");
        assertThat(x.getStatus().name()).isEqualTo("STOPPED");
    }

    @Test
    void shouldMapTheChangeEnvelopeAndTheHashChainWhenPublishingAChange() {
        Log log = new Log().run(new ConfigCommand.ChangeHoldout(150), null)
                .run(new ConfigCommand.CreateExperiment(richDefinition(new ExperimentId("x"))), null)
                .run(new ConfigCommand.Start(new ExperimentId("x"), 100), "go");

        List<ExperimentChange> changes = log.events.stream().map(AvroMapping::change).map(AvroMappingTest::roundTrip)
                .toList();

        assertThat(changes).extracting(c -> c.getSequence() + ":" + c.getAggregateType() + ":" + c.getAggregateId()
                + ":v" + c.getVersion() + ":" + c.getChangeType() + ":" + c.getActor() + ":" + c.getReason())
                .containsExactly("1:LAYER:default:v1:LAYER_CREATED:system:null",
                        "2:HOLDOUT:holdout:v1:HOLDOUT_CHANGED:alice:null",
                        "3:EXPERIMENT:x:v1:EXPERIMENT_CREATED:alice:null",
                        "4:EXPERIMENT:x:v2:EXPERIMENT_STARTED:alice:go");
        assertThat(changes.get(0).getPreviousHash()).isNull();
        for (int i = 0; i < changes.size(); i++) {
            StoredEvent e = log.events.get(i);
            assertThat(changes.get(i).getHash()).isEqualTo(e.expectedHash(e.previousHash().orElse(null)));
            assertThat(changes.get(i).getPayload()).isEqualTo(e.payload());
            assertThat(changes.get(i).getTime()).isEqualTo(e.time());
            if (i > 0) {
                assertThat(changes.get(i).getPreviousHash()).isEqualTo(changes.get(i - 1).getHash());
            }
        }
    }

    @Test
    void shouldMapLayersTheHoldoutAndCustomMetricsWhenTheyChange() {
        Log log = new Log()
                .run(new ConfigCommand.CreateLayer(new Layer(new LayerId("search"), "Search", "", AssignmentUnit.USER)),
                        null)
                .run(new ConfigCommand.ChangeHoldout(250, Optional.of(AssignmentUnit.USER)), "1% more")
                .run(new ConfigCommand.DefineCustomMetric(new CustomMetric(new MetricName("signups"), "signup",
                        Aggregation.OCCURRED, "any sign-up")), null);

        ExperimentSnapshot layer = roundTrip(AvroMapping.snapshot(log.state, log.events.get(1)));
        ExperimentSnapshot holdout = roundTrip(AvroMapping.snapshot(log.state, log.events.get(2)));
        ExperimentSnapshot metric = roundTrip(AvroMapping.snapshot(log.state, log.events.get(3)));

        assertThat(layer.getLayer().getId()).isEqualTo("search");
        assertThat(layer.getLayer().getDescription()).isNull();
        assertThat(layer.getLayer().getBucketCount()).isEqualTo(10_000);
        assertThat(layer.getLayer().getUnitType()).isEqualTo(UnitType.USER);
        assertThat(roundTrip(AvroMapping.snapshot(log.state, log.events.get(0))).getLayer().getUnitType())
                .as("the default layer").isEqualTo(UnitType.SESSION);
        assertThat(layer.getExperiment()).isNull();
        assertThat(holdout.getHoldout().getBasisPoints()).isEqualTo(250);
        assertThat(holdout.getHoldout().getSalt()).isEqualTo("holdout");
        assertThat(holdout.getHoldout().getUnitType()).as("the unit set, not a hard-coded SESSION")
                .isEqualTo(UnitType.USER);
        assertThat(ConfigKeys.of(holdout.getAggregateType(), holdout.getAggregateId())).isEqualTo("holdout");
        assertThat(metric.getMetric().getEventName()).isEqualTo("signup");
        assertThat(metric.getMetric().getAggregation().name()).isEqualTo("OCCURRED");
        assertThat(metric.getMetric().getDescription()).isEqualTo("any sign-up");
    }

    @Test
    void shouldPublishAMetricsTau2AndHarmDirectionAndABuiltInMetricOnceItsSettingsChange() {
        Log log = new Log()
                .run(new ConfigCommand.DefineCustomMetric(new CustomMetric(new MetricName("errors"), "error",
                        Aggregation.COUNT, ""), MetricSettings.of(0.04, "increase_is_harm")), null)
                .run(new ConfigCommand.ChangeMetricSettings(new MetricName("conversion"),
                        MetricSettings.of(2.5e-5, "decrease_is_harm")), "expected effect 0.5 points");

        MetricState custom = roundTrip(AvroMapping.snapshot(log.state, log.events.get(1))).getMetric();
        ExperimentSnapshot builtIn = roundTrip(AvroMapping.snapshot(log.state, log.events.get(2)));

        assertThat(custom.getBuiltIn()).isFalse();
        assertThat(custom.getTau2()).isEqualTo(0.04);
        assertThat(custom.getHarmDirection()).isEqualTo(dev.ep.events.v1.HarmDirection.INCREASE_IS_HARM);
        assertThat(ConfigKeys.of(builtIn.getAggregateType(), builtIn.getAggregateId())).isEqualTo("metric:conversion");
        assertThat(builtIn.getMetric().getBuiltIn()).isTrue();
        assertThat(builtIn.getMetric().getName()).isEqualTo("conversion");
        assertThat(builtIn.getMetric().getAggregation()).as("readers that predate built-in records skip UNKNOWN")
                .isEqualTo(MetricAggregation.UNKNOWN);
        assertThat(builtIn.getMetric().getEventName()).isEmpty();
        assertThat(builtIn.getMetric().getTau2()).isEqualTo(2.5e-5);
        assertThat(builtIn.getMetric().getHarmDirection()).isEqualTo(dev.ep.events.v1.HarmDirection.DECREASE_IS_HARM);
    }

    // ------------------------------------------------------------------ the inverse, over random histories

    record Step(int kind, int experiment, int amount) {
    }

    /** A USER layer beside the SESSION default layer. */
    private static final LayerId MEMBERS = new LayerId("members");

    /** Fixed seed 0xA7120 so CI replays the same 150 histories on every run. */
    private static final long SEED = 0xA7120L;

    private static Gen<List<Step>> steps() {
        return lists().of(integers().between(0, 10).zip(integers().between(0, 2), integers().between(1, 10_000),
                Step::new)).ofSizeBetween(1, 30);
    }

    @Test
    void shouldRebuildExactlyTheCoreExperimentFromEverySnapshotWhenHistoriesAreRandom() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(150).withShrinkCycles(300).forAll(steps())
                .checkAssert(AvroMappingTest::everySnapshotRebuildsTheState);
    }

    private static void everySnapshotRebuildsTheState(List<Step> steps) {
        Log log = new Log().run(new ConfigCommand.CreateLayer(new Layer(MEMBERS, "Members", "", AssignmentUnit.USER)),
                null);
        for (Step s : steps) {
            log.attempt(command(s, new ExperimentId("e" + s.experiment())));
        }
        // replay to each event and compare its snapshot with the state at that sequence
        ConfigState state = ConfigState.EMPTY;
        for (StoredEvent e : log.events) {
            state = state.apply(e.event());
            ExperimentSnapshot snapshot = roundTrip(AvroMapping.snapshot(state, e));
            assertThat(snapshot.getSequence()).isEqualTo(e.sequence());
            assertThat(snapshot.getVersion()).isEqualTo(state.version(e.aggregate()));
            if (e.aggregate().type() == AggregateRef.Type.EXPERIMENT) {
                Experiment expected = state.experiment(new ExperimentId(e.aggregate().id())).orElseThrow();
                assertThat(fromAvro(snapshot.getExperiment())).isEqualTo(expected);
            } else if (e.aggregate().type() == AggregateRef.Type.HOLDOUT) {
                assertThat(snapshot.getHoldout().getBasisPoints()).isEqualTo(state.holdout().basisPoints());
                assertThat(snapshot.getHoldout().getUnitType().name()).isEqualTo(state.holdout().unit().name());
            }
        }
    }

    private static ConfigCommand command(Step s, ExperimentId x) {
        int w = Math.max(1, Math.min(9_999, s.amount()));
        return switch (s.kind()) {
            case 0 -> new ConfigCommand.CreateExperiment(definition(x, s.amount()));
            case 1 -> new ConfigCommand.Start(x, s.amount());
            case 2 -> new ConfigCommand.Ramp(x, s.amount());
            case 3 -> new ConfigCommand.ChangeWeights(x, Map.of("control", w / 2, "green", w - w / 2, "blue", 10_000 - w));
            case 4 -> new ConfigCommand.Pause(x);
            case 5 -> new ConfigCommand.Resume(x);
            case 6 -> new ConfigCommand.Stop(x);
            case 7 -> new ConfigCommand.ChangeOverrides(x, new Overrides(Map.of("u" + s.amount(), "blue")));
            case 8 -> new ConfigCommand.ChangeHoldout(s.amount() % 1_000,
                    Optional.of(s.amount() % 2 == 0 ? AssignmentUnit.SESSION : AssignmentUnit.USER));
            case 9 -> new ConfigCommand.ChangeTargeting(x, TargetingParser.parse("{\"pages\":[\"p" + s.amount() % 3
                    + "\"],\"rule\":{\"lt\":{\"attribute\":\"n\",\"value\":" + s.amount() + "}}}"));
            default -> new ConfigCommand.UpdateDraft(definition(x, s.amount() + 1));
        };
    }

    /**
     * The core experiment as the assignment service could rebuild it from the snapshot alone; a stopped experiment's
     * stop time is the end of its last phase.
     */
    private static Experiment fromAvro(ExperimentState x) {
        List<Treatment> treatments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (dev.ep.events.v1.Treatment t : x.getTreatments()) {
            treatments.add(new Treatment(t.getName(), t.getDescription(), t.getControl(), t.getWeightBasisPoints(),
                    new Variables(t.getVariables())));
            names.add(t.getName());
        }
        Rule rule = x.getTargeting().getRule() == null ? Rule.ALWAYS : TargetingParser.parseRule(x.getTargeting().getRule());
        ExperimentDefinition definition = new ExperimentDefinition(new ExperimentId(x.getId()), x.getName(),
                x.getHypothesis(), x.getOwner(), new LayerId(x.getLayerId()),
                AssignmentUnit.valueOf(x.getUnitType().name()), new Salt(x.getSalt()), new Treatments(treatments),
                new Targeting(x.getTargeting().getPages(), rule),
                Optional.ofNullable(x.getPrimaryMetric()).map(MetricName::new),
                x.getGuardrailMetrics().stream().map(MetricName::new).toList(), new Overrides(x.getOverrides()));
        List<SlotRange> slots = x.getSlots().stream()
                .map(s -> new SlotRange(s.getStart(), s.getEnd(), names.indexOf(s.getTreatment()))).toList();
        List<Phase> phases = x.getPhases().stream().map(p -> new Phase(p.getNumber(), p.getStartedAt(),
                p.getChangedSlots().stream().map(r -> new Range(r.getStart(), r.getEnd())).toList(),
                p.getWeights().stream().map(w -> new PhaseWeight(w.getTreatment(), w.getWeightBasisPoints())).toList(),
                p.getTraffic().stream().map(t -> new TrafficStep(t.getFrom(), t.getTrafficBasisPoints(),
                        t.getAssigning())).toList(),
                Optional.ofNullable(end(x, p)))).toList();
        assertThat(x.getPhase()).isEqualTo(phases.size());
        BucketAllocation allocation = new BucketAllocation(
                x.getBuckets().stream().map(r -> new Range(r.getStart(), r.getEnd())).toList());
        assertThat(x.getTrafficBasisPoints()).isEqualTo(allocation.size());
        ExperimentStatus status = ExperimentStatus.valueOf(x.getStatus().name());
        Optional<Instant> stoppedAt = Optional.ofNullable(x.getStoppedAt());
        assertThat(stoppedAt.isPresent()).isEqualTo(status == ExperimentStatus.STOPPED);
        return new Experiment(definition, status, x.getCreatedAt(), allocation,
                SlotMap.fromRanges(slots, treatments.size()), phases, stoppedAt);
    }

    /** A published phase's end: the next phase's start, or the stop for the last one (null while current). */
    private static Instant end(ExperimentState x, dev.ep.events.v1.Phase p) {
        int i = x.getPhases().indexOf(p);
        return i + 1 < x.getPhases().size() ? x.getPhases().get(i + 1).getStartedAt() : x.getStoppedAt();
    }

    // ------------------------------------------------------------------ fixtures

    private static ExperimentDefinition richDefinition(ExperimentId id) {
        Treatments ts = new Treatments(List.of(
                new Treatment("control", "", true, 3_334, Variables.EMPTY),
                new Treatment("green", "green button", false, 3_333, new Variables("{\"color\": \"green\"}")),
                new Treatment("blue", null, false, 3_333, new Variables("{\"color\":\"blue\",\"size\":1.50}"))));
        return new ExperimentDefinition(id, "Checkout button", "Green converts", "team-checkout",
                new LayerId(id.value().equals("x") ? "default" : "checkout"),
                id.value().equals("x") ? AssignmentUnit.SESSION : AssignmentUnit.USER,
                new Salt(id.value() + "-2"), ts, Targeting.EVERYONE,
                Optional.of(new MetricName(id.value().equals("x") ? "conversion" : "wishlist_adds")),
                List.of(new MetricName("average_order_value"), new MetricName("conversion")).stream()
                        .filter(m -> !(id.value().equals("x") && m.value().equals("conversion"))).toList(),
                Overrides.NONE);
    }

    private static ExperimentDefinition definition(ExperimentId id, int amount) {
        int control = Math.max(1, Math.min(9_998, amount));
        Treatments ts = new Treatments(List.of(
                new Treatment("control", amount % 2 == 0 ? "" : "today", true, control, Variables.EMPTY),
                new Treatment("green", null, false, (10_000 - control) / 2 + (10_000 - control) % 2,
                        new Variables("{\"n\":" + amount + "}")),
                new Treatment("blue", "b", false, (10_000 - control) / 2, Variables.EMPTY)));
        return new ExperimentDefinition(id, "Experiment " + id, amount % 3 == 0 ? null : "h" + amount, "team",
                amount % 2 == 0 ? LayerId.DEFAULT : MEMBERS,
                amount % 4 < 2 ? null : amount % 2 == 0 ? AssignmentUnit.SESSION : AssignmentUnit.USER, null, ts,
                Targeting.EVERYONE, amount % 5 == 0 ? Optional.empty() : Optional.of(new MetricName("conversion")),
                List.of(), Overrides.NONE);
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.apache.avro.specific.SpecificRecordBase> T roundTrip(T record) {
        try {
            if (record instanceof ExperimentSnapshot s) {
                return (T) ExperimentSnapshot.fromByteBuffer(s.toByteBuffer());
            }
            return (T) ExperimentChange.fromByteBuffer(((ExperimentChange) record).toByteBuffer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
