package dev.ep.reporting.stream;

import dev.ep.events.v1.ArmResult;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.List;
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
 * The reporting topology, built by static methods so that {@code TopologyTestDriver} tests it without a broker. The
 * service runs it as two Kafka Streams applications in one process: the exposures' ({@link #buildExposures}) and the
 * decisions' ({@code <application id>-decisions}, {@link #buildDecisions}), joined by four bridge topics
 * ({@link Bridge}); the tests run both parts as one topology ({@link #build}).
 *
 * <pre>
 * exposures:   ep.coverage + ep.events ─ decode, re-key by unit ─┬─ poison ─▶ ep.dlt.reporting-service
 *                  (+ bridge "session-holdout")                   ├─ SESSION units: attribute in the input's own task
 *                                                                 │    (stores "session-units", "session-due"; deltas
 *                                                                 │    in "session-arm-pending") ─▶ "session-arms"
 *                                                                 └─ USER units ─▶ repartition "user-units"
 *              "user-units" + bridge "user-holdout" ─▶ attribute (stores "user-units", "user-due", "user-arm-pending")
 *                  ─▶ "user-arms"
 *              "session-arms" + "user-arms" + bridge "session-assigned-arms" + "user-assigned-arms"
 *                  (key experiment/phase/treatment) ─▶ aggregate (store "arms": exact sums, adder + subtractor)
 *                  ─▶ ep.results (compacted)
 *              global: ep.config.experiments ─▶ store "config" + ConfigView; ep.results ─▶ store "results-view"
 * decisions:   ep.assignments ─ decode, re-key by unit ─┬─ poison ─▶ ep.dlt.reporting-service
 *                                                       ├─ holdout parts ─▶ bridge "session-holdout" / "user-holdout"
 *                                                       ├─ SESSION units: count (stores "session-assigned",
 *                                                       │    "session-assigned-due", "session-assigned-pending")
 *                                                       │    ─▶ bridge "session-assigned-arms"
 *                                                       └─ USER units ─▶ "user-decisions" ─▶ count (stores
 *                                                            "user-assigned", "user-assigned-due",
 *                                                            "user-assigned-pending") ─▶ bridge "user-assigned-arms"
 *              global: ep.config.experiments ─▶ store "config" + its own ConfigView
 * </pre>
 *
 * <p><b>Decisions apart from exposures.</b> Kafka Streams hands the records of one task to its processors in
 * timestamp order across the task's partitions (the lowest timestamp first), and a stream thread's consumer returns
 * what it fetched in the order it fetched it, up to a megabyte per partition. With the decisions in the tasks of the
 * coverage and the events, a coverage waited behind every older decision of its task; with them in a sub-topology of
 * their own but on the same consumer and thread, it waited behind the decisions fetched before it and behind the
 * thread's pass over them. So the decisions run as an application of their own, which does what decisions are for:
 * the sample-ratio check on assignment (each unit counted once per experiment and phase). A decision's holdout part
 * ({@link InputMapper#decision}) concerns the exposures' state (the holdout's intent-to-treat comparison joins the
 * holdout unit's events; a held-out unit is excluded from every experiment), so it goes to the exposures' tasks
 * through the {@code session-holdout} and {@code user-holdout} bridge topics: at most one record per decision, and
 * none at all when no holdout is configured. Each part has its own stream time: a decision is late (changes nothing)
 * when it is window + grace behind the decisions' stream time, a coverage or event when it is that far behind the
 * exposures' stream time. Each application is exactly-once on its own: the decisions' transaction commits its
 * offsets with what it wrote to the bridge, and the exposures' application reads the bridge read-committed.
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

        /** The same wiring for another application: its own id (dead-letter headers) and configuration view. */
        public Wiring forApplication(String applicationId, ConfigView view) {
            return new Wiring(topics, attribution, sweep, registry, serdeConfig, view, counters, globalDeadLetters,
                    applicationId, resultsEmit, armsCombine, partitions, sweepBatch);
        }
    }

    private ReportingTopology() {
    }

    /**
     * The topics between the two applications: written by the decisions' application, read by the exposures'
     * application. Named after the exposures' application id, so that resetting it (a new id) starts new ones.
     */
    public record Bridge(String sessionHoldout, String userHoldout, String sessionAssignedArms,
                         String userAssignedArms) {

        public static Bridge of(String applicationId) {
            String prefix = applicationId + "-decisions-";
            return new Bridge(prefix + "session-holdout", prefix + "user-holdout", prefix + "session-assigned-arms",
                    prefix + "user-assigned-arms");
        }

        public List<String> all() {
            return List.of(sessionHoldout, userHoldout, sessionAssignedArms, userAssignedArms);
        }
    }

    /**
     * Both parts in one topology, sharing one configuration store: what the {@code TopologyTestDriver} tests and the
     * in-process benchmarks run. The service runs the same two parts as two applications
     * ({@link #buildExposures}, {@link #buildDecisions}), so that a backlog of decisions never shares a consumer or a
     * stream thread with the coverage and events.
     */
    public static void build(StreamsBuilder builder, Wiring w) {
        Bridge bridge = Bridge.of(w.group());
        buildExposures(builder, w, bridge);
        decisions(builder, w, bridge, false);
    }

    /** The decisions' application: ep.assignments to the bridge topics, with its own configuration store. */
    public static void buildDecisions(StreamsBuilder builder, Wiring w, Bridge bridge) {
        decisions(builder, w, bridge, true);
    }

    /**
     * The exposures' application: coverage, events and the decisions' holdout parts attributed to units; the four arm
     * topics aggregated to ep.results; the configuration and results-view global stores.
     */
    public static void buildExposures(StreamsBuilder builder, Wiring w, Bridge bridge) {
        TopicNames t = w.topics();
        Attribution attribution = new Attribution(w.attribution());
        AvroSerde<ArmResult> resultSerde = new AvroSerde<>(w.registry(), ArmResult.class);
        resultSerde.configure(w.serdeConfig(), false);

        // Cached stores (statestore.cache.max.bytes): writes of one key within a commit interval reach RocksDB and
        // the changelog once, at the commit (a unit's coverage and events; an arm's changes).
        unitStores(builder, SESSION_UNITS_STORE, USER_UNITS_STORE, SESSION_DUE_STORE, USER_DUE_STORE,
                SESSION_PENDING_STORE, USER_PENDING_STORE);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ARMS_STORE),
                Serdes.String(), UnitCodecs.armTotals()).withCachingEnabled());
        configStore(builder, w);
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RESULTS_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                t.results(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("results-source"),
                () -> new ResultsViewProcessor(RESULTS_STORE));

        // Sub-topology "exposures": coverage and tracking events, and the holdout parts of decisions from the
        // bridge. Kafka Streams hands a task's records to its processors in timestamp order across the task's
        // partitions, and a stream thread's consumer hands it records in the order it fetched them: were decisions
        // in the same tasks, or only on the same consumer, a coverage would wait for the decision backlog (README
        // "Freshness benchmark", runs 17-20 and 25-26).
        KStream<String, Outbound> exposureInputs = decode(builder, w, t.coverage(), CoverageEvent.class,
                InputMapper::coverage, "coverage")
                .merge(decode(builder, w, t.events(), TrackingEvent.class, InputMapper::tracking, "events"));
        deadLetters(exposureInputs, t, "exposures");
        KStream<String, UnitMessage> sessionHoldout = builder.stream(bridge.sessionHoldout(),
                Consumed.with(Serdes.String(), UnitCodecs.unitMessage()).withName("session-holdout-source"));
        KStream<String, UnitMessage> userHoldout = builder.stream(bridge.userHoldout(),
                Consumed.with(Serdes.String(), UnitCodecs.unitMessage()).withName("user-holdout-source"));

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
        KStream<String, ArmChange> sessionAssignedArms = builder.stream(bridge.sessionAssignedArms(),
                Consumed.with(Serdes.String(), UnitCodecs.armChange()).withName("session-assigned-arms-source"));
        KStream<String, ArmChange> userAssignedArms = builder.stream(bridge.userAssignedArms(),
                Consumed.with(Serdes.String(), UnitCodecs.armChange()).withName("user-assigned-arms-source"));
        sessionArms.merge(userArms, Named.as("exposure-arm-changes"))
                .merge(sessionAssignedArms, Named.as("session-arm-changes"))
                .merge(userAssignedArms, Named.as("arm-changes"))
                .process(() -> new ArmProcessor(ARMS_STORE, w.resultsEmit()), Named.as("aggregate"), ARMS_STORE)
                .to(t.results(), Produced.with(Serdes.String(), resultSerde));
    }

    /**
     * Sub-topology "assignments": the decisions, counted for the sample-ratio check on assignment; their holdout
     * parts and the counts' arm changes go to the exposures' application through the bridge topics, partitioned
     * exactly as the repartition topics they replace (the holdout parts by session like the inputs, the arm changes by
     * arm with the default partitioner, the inputs' partition count).
     */
    private static void decisions(StreamsBuilder builder, Wiring w, Bridge bridge, boolean ownConfigStore) {
        TopicNames t = w.topics();
        Attribution attribution = new Attribution(w.attribution());
        unitStores(builder, SESSION_ASSIGNED_STORE, USER_ASSIGNED_STORE, SESSION_ASSIGNED_DUE_STORE,
                USER_ASSIGNED_DUE_STORE, SESSION_ASSIGNED_PENDING_STORE, USER_ASSIGNED_PENDING_STORE);
        if (ownConfigStore) {
            configStore(builder, w);
        }
        KStream<String, Outbound> decisionInputs = decode(builder, w, t.assignments(), AssignmentDecision.class,
                InputMapper::decision, "assignments");
        deadLetters(decisionInputs, t, "assignments");

        KStream<String, Outbound> decisions = decisionInputs.filter((k, v) -> !v.poison(), Named.as("valid-assignments"));
        KStream<String, Outbound> assignedParts = decisions
                .filter((k, v) -> !InputMapper.holdoutPart(v.unit().input()), Named.as("assigned-parts"));
        KStream<String, Outbound> holdoutParts = decisions
                .filter((k, v) -> InputMapper.holdoutPart(v.unit().input()), Named.as("holdout-parts"));
        // a SESSION holdout unit's part goes to the exposures' task of its session: the same partition number
        holdoutParts.filter((k, v) -> v.sessionUnit(), Named.as("session-holdout-parts"))
                .mapValues(Outbound::unit, Named.as("session-holdout-part"))
                .to(bridge.sessionHoldout(), Produced.with(Serdes.String(), UnitCodecs.unitMessage())
                        .withStreamPartitioner(new SessionPartitioner()).withName("session-holdout-sink"));
        holdoutParts.filter((k, v) -> !v.sessionUnit(), Named.as("user-holdout-parts"))
                .mapValues(Outbound::unit, Named.as("user-holdout-part"))
                .to(bridge.userHoldout(), Produced.with(Serdes.String(), UnitCodecs.unitMessage())
                        .withName("user-holdout-sink"));
        assignedParts
                .filter((k, v) -> v.sessionUnit(), Named.as("session-decisions"))
                .mapValues(Outbound::unit, Named.as("session-decision"))
                .process(() -> units(w, attribution, SESSION_ASSIGNED_STORE, SESSION_ASSIGNED_PENDING_STORE,
                        SESSION_ASSIGNED_DUE_STORE), Named.as("count-sessions"), SESSION_ASSIGNED_STORE,
                        SESSION_ASSIGNED_PENDING_STORE, SESSION_ASSIGNED_DUE_STORE)
                .to(bridge.sessionAssignedArms(), Produced.with(Serdes.String(), UnitCodecs.armChange())
                        .withName("session-assigned-arms-sink"));
        assignedParts
                .filter((k, v) -> !v.sessionUnit(), Named.as("user-decisions"))
                .mapValues(Outbound::unit, Named.as("user-decision"))
                .repartition(unitTopic(w, "user-decisions"))
                .process(() -> units(w, attribution, USER_ASSIGNED_STORE, USER_ASSIGNED_PENDING_STORE,
                        USER_ASSIGNED_DUE_STORE), Named.as("count-users"), USER_ASSIGNED_STORE,
                        USER_ASSIGNED_PENDING_STORE, USER_ASSIGNED_DUE_STORE)
                .to(bridge.userAssignedArms(), Produced.with(Serdes.String(), UnitCodecs.armChange())
                        .withName("user-assigned-arms-sink"));
    }

    /**
     * A part's unit stores: the units (RocksDB, cached), their due index ({@link DueIndex}: persistent and
     * changelogged like the units, written in the same transaction, so it survives restarts and aborted transactions
     * in step with them) and the pending sums. The pending sums hold at most one entry per arm (bounded by the
     * configuration): in memory, changelogged (restored from the changelog by a task's next owner, exactly as a
     * RocksDB store is under exactly-once). A RocksDB store flushes its memtable to a new file at every commit, and
     * the commit was 79% of the stream thread's time under load (freshness run 9).
     */
    private static void unitStores(StreamsBuilder builder, String sessionUnits, String userUnits, String sessionDue,
                                   String userDue, String sessionPending, String userPending) {
        for (String units : new String[] {sessionUnits, userUnits}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(units),
                    Serdes.String(), UnitCodecs.unitState()).withCachingEnabled());
        }
        for (String due : new String[] {sessionDue, userDue}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(due),
                    Serdes.String(), Serdes.String()).withCachingEnabled());
        }
        for (String pending : new String[] {sessionPending, userPending}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(pending),
                    Serdes.String(), UnitCodecs.armChange()).withCachingEnabled());
        }
    }

    /** The configuration, read by a global thread of each application, which swaps {@link Wiring#config()}. */
    private static void configStore(StreamsBuilder builder, Wiring w) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONFIG_STORE),
                        Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled(),
                w.topics().config(), Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName("config-source"),
                () -> new ConfigProcessor(CONFIG_STORE, w.topics().config(),
                        decoder(w, ExperimentSnapshot.class), w.config(), w.globalDeadLetters(), w.group()));
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
