package dev.ep.reporting.stream;

import dev.ep.events.v1.ArmResult;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.UnitState;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The reporting topology, built by one static method so that {@code TopologyTestDriver} tests it without a broker:
 *
 * <pre>
 * exposures:   ep.coverage + ep.events ─ decode, re-key by unit ─┬─ poison ─▶ ep.dlt.reporting-service
 *                  (+ "session-holdout")                          ├─ SESSION units: attribute in the input's own task
 *                                                                 │    (stores "session-units", "session-due"; deltas
 *                                                                 │    in "session-arm-pending") ─▶ "session-arms"
 *                                                                 └─ USER units ─▶ repartition "user-units"
 *              "user-units" + "user-holdout" ─▶ attribute (stores "user-units", "user-due", "user-arm-pending")
 *                  ─▶ "user-arms"
 * assignments: ep.assignments ─ decode, re-key by unit ─┬─ poison ─▶ ep.dlt.reporting-service
 *                                                       ├─ holdout parts ─▶ "session-holdout" / "user-holdout"
 *                                                       ├─ SESSION units: count (stores "session-assigned",
 *                                                       │    "session-assigned-due", "session-assigned-pending")
 *                                                       │    ─▶ "session-assigned-arms"
 *                                                       └─ USER units ─▶ "user-decisions" ─▶ count (stores
 *                                                            "user-assigned", "user-assigned-due",
 *                                                            "user-assigned-pending") ─▶ "user-assigned-arms"
 * the four arm topics (key experiment/phase/treatment)
 *     ─▶ aggregate (store "arms": exact sums, adder + subtractor) ─▶ ep.results (compacted)
 * global: ep.config.experiments ─▶ store "config" + ConfigView;  ep.results ─▶ store "results-view" (endpoint)
 * </pre>
 *
 * <p><b>Decisions apart from exposures.</b> Kafka Streams hands the records of one task to its processors in
 * timestamp order across the task's partitions (the lowest timestamp first). With the decisions in the tasks of the
 * coverage and the events, a coverage waited behind every older decision of its task: under load, freshness was the
 * age of the decision backlog. So the decisions have a sub-topology (and tasks, and unit stores) of their own, which
 * does what decisions are for: the sample-ratio check on assignment (each unit counted once per experiment and
 * phase). A decision's holdout part ({@link InputMapper#decision}) concerns the exposures' state (the holdout's
 * intent-to-treat comparison joins the holdout unit's events; a held-out unit is excluded from every experiment), so
 * it goes to the exposures' tasks through the {@code session-holdout} and {@code user-holdout} topics: at most one
 * record per decision, and none at all when no holdout is configured. Each sub-topology has its own stream time: a
 * decision is late (changes nothing) when it is window + grace behind the decisions' stream time, a coverage or event
 * when it is that far behind the exposures' stream time.
 *
 * <p><b>Session units skip the repartition.</b> The platform keys {@code ep.assignments}, {@code ep.coverage} and
 * {@code ep.events} by session id with Kafka's default partitioner and the same partition count (verified at start),
 * so every input of one session arrives in the task of the same partition number: its state can live there, and the
 * exactly-once hop through a repartition topic (a produce, a consume and a commit interval of latency per input) is
 * not needed. A record whose session unit does not belong to the partition it came from (a producer that keys
 * otherwise) is dead-lettered, never counted in a task that does not hold the session ({@link SessionPlacement}).
 * USER units (a user's sessions land anywhere) still go through the {@code user-units} (and {@code user-decisions})
 * repartition. Each attribution sub-topology writes an arm topic of its own, all read by the aggregating sub-topology
 * (one topic written by several would join them into one sub-topology that reads its own output).
 */
public final class ReportingTopology {

    public static final String SESSION_UNITS_STORE = "session-units";
    public static final String SESSION_PENDING_STORE = "session-arm-pending";
    public static final String USER_UNITS_STORE = "user-units";
    public static final String USER_PENDING_STORE = "user-arm-pending";
    public static final String SESSION_ASSIGNED_STORE = "session-assigned";
    public static final String SESSION_ASSIGNED_PENDING_STORE = "session-assigned-pending";
    public static final String USER_ASSIGNED_STORE = "user-assigned";
    public static final String USER_ASSIGNED_PENDING_STORE = "user-assigned-pending";
    public static final String SESSION_DUE_STORE = "session-due";
    public static final String USER_DUE_STORE = "user-due";
    public static final String SESSION_ASSIGNED_DUE_STORE = "session-assigned-due";
    public static final String USER_ASSIGNED_DUE_STORE = "user-assigned-due";
    public static final String ARMS_STORE = "arms";
    public static final String CONFIG_STORE = "config";
    public static final String RESULTS_STORE = "results-view";

    /** The topics the topology reads and writes. */
    public record TopicNames(String coverage, String events, String assignments, String config, String results,
                             String deadLetters) {
    }

    /**
     * Everything the topology needs besides the builder.
     *
     * @param partitions the partition count of the three input topics (and so of the internal topics): where a
     *                   session's records are ({@link SessionPlacement})
     * @param sweepBatch at most this many units are swept at a time ({@link UnitProcessor})
     */
    public record Wiring(TopicNames topics, AttributionSettings attribution, Duration sweep, SchemaRegistry registry,
                         Map<String, ?> serdeConfig, ConfigView config, StreamCounters counters,
                         DeadLetterSink globalDeadLetters, String group, Duration resultsEmit,
                         Duration armsCombine, int partitions, int sweepBatch) {

        public Wiring {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
            }
            if (sweepBatch < 1) {
                throw new IllegalArgumentException("sweepBatch must be at least 1, got " + sweepBatch);
            }
        }
    }

    private ReportingTopology() {
    }

    public static void build(StreamsBuilder builder, Wiring w) {
        TopicNames t = w.topics();
        Attribution attribution = new Attribution(w.attribution());
        AvroSerde<ArmResult> resultSerde = new AvroSerde<>(w.registry(), ArmResult.class);
        resultSerde.configure(w.serdeConfig(), false);

        // Cached stores (statestore.cache.max.bytes): writes of one key within a commit interval reach RocksDB and
        // the changelog once, at the commit (a unit's decision, coverage and events; an arm's changes).
        for (String units : new String[] {SESSION_UNITS_STORE, USER_UNITS_STORE, SESSION_ASSIGNED_STORE,
                USER_ASSIGNED_STORE}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(units),
                    Serdes.String(), UnitCodecs.unitState()).withCachingEnabled());
        }
        // The units' due index (DueIndex): persistent and changelogged like the units, written in the same
        // transaction, so it survives restarts and aborted transactions in step with them.
        for (String due : new String[] {SESSION_DUE_STORE, USER_DUE_STORE, SESSION_ASSIGNED_DUE_STORE,
                USER_ASSIGNED_DUE_STORE}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(due),
                    Serdes.String(), Serdes.String()).withCachingEnabled());
        }
        // The pending sums and the arms' totals hold at most one entry per arm (bounded by the configuration): in
        // memory, changelogged (restored from the changelog by a task's next owner, exactly as a RocksDB store is under
        // exactly-once). A RocksDB store flushes its memtable to a new file at every commit, and the commit was 79% of
        // the stream thread's time under load (freshness run 9).
        for (String pending : new String[] {SESSION_PENDING_STORE, USER_PENDING_STORE, SESSION_ASSIGNED_PENDING_STORE,
                USER_ASSIGNED_PENDING_STORE}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(pending),
                    Serdes.String(), UnitCodecs.armChange()).withCachingEnabled());
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ARMS_STORE),
                Serdes.String(), UnitCodecs.armTotals()).withCachingEnabled());
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONFIG_STORE),
                        Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled(),
                t.config(), Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName("config-source"),
                () -> new ConfigProcessor(CONFIG_STORE, t.config(),
                        decoder(w, ExperimentSnapshot.class), w.config(), w.globalDeadLetters(), w.group()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RESULTS_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                t.results(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("results-source"),
                () -> new ResultsViewProcessor(RESULTS_STORE));

        // Sub-topology "exposures": coverage and tracking events (and the holdout parts of decisions, through the
        // holdout topics below). Sub-topology "assignments": the decisions. Kafka Streams hands a task's records to
        // its processors in timestamp order across the task's partitions, so inputs of one sub-topology wait behind
        // every older record of its task: were decisions in the same tasks as coverage and events, a coverage
        // would wait for the whole decision backlog (README "Freshness benchmark", runs 17-20).
        KStream<String, Outbound> exposureInputs = decode(builder, w, t.coverage(), CoverageEvent.class,
                InputMapper::coverage, "coverage")
                .merge(decode(builder, w, t.events(), TrackingEvent.class, InputMapper::tracking, "events"));
        KStream<String, Outbound> decisionInputs = decode(builder, w, t.assignments(), AssignmentDecision.class,
                InputMapper::decision, "assignments");
        deadLetters(exposureInputs, t, "exposures");
        deadLetters(decisionInputs, t, "assignments");

        KStream<String, Outbound> decisions = decisionInputs.filter((k, v) -> !v.poison(), Named.as("valid-assignments"));
        KStream<String, Outbound> assignedParts = decisions
                .filter((k, v) -> !InputMapper.holdoutPart(v.unit().input()), Named.as("assigned-parts"));
        KStream<String, Outbound> holdoutParts = decisions
                .filter((k, v) -> InputMapper.holdoutPart(v.unit().input()), Named.as("holdout-parts"));
        // a SESSION holdout unit's part goes to the exposures' task of its session: the same partition number
        KStream<String, UnitMessage> sessionHoldout = holdoutParts
                .filter((k, v) -> v.sessionUnit(), Named.as("session-holdout-parts"))
                .mapValues(Outbound::unit, Named.as("session-holdout-part"))
                .repartition(unitTopic(w, "session-holdout").withStreamPartitioner(new SessionPartitioner()));
        KStream<String, UnitMessage> userHoldout = holdoutParts
                .filter((k, v) -> !v.sessionUnit(), Named.as("user-holdout-parts"))
                .mapValues(Outbound::unit, Named.as("user-holdout-part"))
                .repartition(unitTopic(w, "user-holdout"));

        KStream<String, Outbound> exposures = exposureInputs.filter((k, v) -> !v.poison(), Named.as("valid-exposures"));
        KStream<String, ArmChange> sessionArms = exposures
                .filter((k, v) -> v.sessionUnit(), Named.as("session-inputs"))
                .mapValues(Outbound::unit, Named.as("session-input"))
                .merge(sessionHoldout, Named.as("session-exposure-inputs"))
                .process(() -> units(w, attribution, SESSION_UNITS_STORE, SESSION_PENDING_STORE, SESSION_DUE_STORE),
                        Named.as("attribute-sessions"), SESSION_UNITS_STORE, SESSION_PENDING_STORE, SESSION_DUE_STORE)
                .repartition(arms(w, "session-arms"));
        KStream<String, ArmChange> userArms = exposures
                .filter((k, v) -> !v.sessionUnit(), Named.as("user-inputs"))
                .mapValues(Outbound::unit, Named.as("user-input"))
                .repartition(unitTopic(w, "user-units"))
                .merge(userHoldout, Named.as("user-exposure-inputs"))
                .process(() -> units(w, attribution, USER_UNITS_STORE, USER_PENDING_STORE, USER_DUE_STORE),
                        Named.as("attribute-users"), USER_UNITS_STORE, USER_PENDING_STORE, USER_DUE_STORE)
                .repartition(arms(w, "user-arms"));
        KStream<String, ArmChange> sessionAssignedArms = assignedParts
                .filter((k, v) -> v.sessionUnit(), Named.as("session-decisions"))
                .mapValues(Outbound::unit, Named.as("session-decision"))
                .process(() -> units(w, attribution, SESSION_ASSIGNED_STORE, SESSION_ASSIGNED_PENDING_STORE,
                        SESSION_ASSIGNED_DUE_STORE), Named.as("count-sessions"), SESSION_ASSIGNED_STORE,
                        SESSION_ASSIGNED_PENDING_STORE, SESSION_ASSIGNED_DUE_STORE)
                .repartition(arms(w, "session-assigned-arms"));
        KStream<String, ArmChange> userAssignedArms = assignedParts
                .filter((k, v) -> !v.sessionUnit(), Named.as("user-decisions"))
                .mapValues(Outbound::unit, Named.as("user-decision"))
                .repartition(unitTopic(w, "user-decisions"))
                .process(() -> units(w, attribution, USER_ASSIGNED_STORE, USER_ASSIGNED_PENDING_STORE,
                        USER_ASSIGNED_DUE_STORE), Named.as("count-users"), USER_ASSIGNED_STORE,
                        USER_ASSIGNED_PENDING_STORE, USER_ASSIGNED_DUE_STORE)
                .repartition(arms(w, "user-assigned-arms"));
        sessionArms.merge(userArms, Named.as("exposure-arm-changes"))
                .merge(sessionAssignedArms, Named.as("session-arm-changes"))
                .merge(userAssignedArms, Named.as("arm-changes"))
                .process(() -> new ArmProcessor(ARMS_STORE, w.resultsEmit()), Named.as("aggregate"), ARMS_STORE)
                .to(t.results(), Produced.with(Serdes.String(), resultSerde));
    }

    private static UnitProcessor units(Wiring w, Attribution attribution, String store, String pending, String due) {
        return new UnitProcessor(store, pending, due, attribution, w.config(), w.sweep(), w.sweepBatch(),
                w.armsCombine(), w.counters());
    }

    /** A unit topic: keyed by unit, default partitioner, the inputs' partition count. */
    private static Repartitioned<String, UnitMessage> unitTopic(Wiring w, String name) {
        return Repartitioned.with(Serdes.String(), UnitCodecs.unitMessage()).withName(name)
                .withNumberOfPartitions(w.partitions());
    }

    /** The records of {@code inputs} that cannot be processed, raw, to the dead-letter topic (headers say why). */
    private static void deadLetters(KStream<String, Outbound> inputs, TopicNames t, String name) {
        inputs.filter((k, v) -> v.poison(), Named.as("poison-" + name))
                .map((k, v) -> KeyValue.pair(v.rawKey(), v.rawValue()), Named.as("poison-raw-" + name))
                .to(t.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    }

    /**
     * An arm topic: keyed by arm, default partitioner, the inputs' partition count for both, so that an arm's changes
     * from both attribution sub-topologies reach the same task of the aggregation.
     */
    private static Repartitioned<String, ArmChange> arms(Wiring w, String name) {
        return Repartitioned.with(Serdes.String(), UnitCodecs.armChange()).withName(name)
                .withNumberOfPartitions(w.partitions());
    }

    private static <T extends SpecificRecord> KStream<String, Outbound> decode(
            StreamsBuilder builder, Wiring w, String topic, Class<T> type, Function<T, Routed> mapper, String name) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .process(() -> new DecodeProcessor<>(topic, decoder(w, type), mapper, w.group(),
                        new SessionPlacement(w.partitions())),
                        Named.as("decode-" + name));
    }

    private static <T extends SpecificRecord> AvroDecoder<T> decoder(Wiring w, Class<T> type) {
        return new AvroDecoder<>(w.registry(), type, w.serdeConfig());
    }
}
