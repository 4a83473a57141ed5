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
 * ep.coverage ─┐ decode, re-key by unit                  ┌─ poison ─▶ ep.dlt.reporting-service
 * ep.events ───┼─────────────────────────────────────────┤
 * ep.assignments┘                                        ├─ SESSION units: attribute here, in the input's own task
 *                                                        │    (store "session-units", due index "session-due";
 *                                                        │    deltas added up in "session-arm-pending")
 *                                                        │    ─▶ repartition "session-arms"
 *                                                        └─ USER units ─▶ repartition "user-units" (key USER/userId)
 *     ─▶ attribute (store "user-units", due index "user-due"; deltas in "user-arm-pending")
 *     ─▶ repartition "user-arms"
 * "session-arms" + "user-arms" (key experiment/phase/treatment)
 *     ─▶ aggregate (store "arms": exact sums, adder + subtractor) ─▶ ep.results (compacted)
 * global: ep.config.experiments ─▶ store "config" + ConfigView;  ep.results ─▶ store "results-view" (endpoint)
 * </pre>
 *
 * <p><b>Session units skip the repartition.</b> The platform keys {@code ep.assignments}, {@code ep.coverage} and
 * {@code ep.events} by session id with Kafka's default partitioner and the same partition count (verified at start),
 * so every input of one session arrives in the task of the same partition number: its state can live there, and the
 * exactly-once hop through a repartition topic (a produce, a consume and a commit interval of latency per input) is
 * not needed. A record whose session unit does not belong to the partition it came from (a producer that keys
 * otherwise) is dead-lettered, never counted in a task that does not hold the session ({@link SessionPlacement}).
 * USER units (a user's sessions land anywhere) still go through the {@code user-units} repartition. The two
 * attribution sub-topologies write to two arm topics, both read by the aggregating sub-topology (one topic written by
 * both would join them into one sub-topology that reads its own output).
 */
public final class ReportingTopology {

    public static final String SESSION_UNITS_STORE = "session-units";
    public static final String SESSION_PENDING_STORE = "session-arm-pending";
    public static final String USER_UNITS_STORE = "user-units";
    public static final String USER_PENDING_STORE = "user-arm-pending";
    public static final String SESSION_DUE_STORE = "session-due";
    public static final String USER_DUE_STORE = "user-due";
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
        for (String units : new String[] {SESSION_UNITS_STORE, USER_UNITS_STORE}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(units),
                    Serdes.String(), UnitCodecs.unitState()).withCachingEnabled());
        }
        // The units' due index (DueIndex): persistent and changelogged like the units, written in the same
        // transaction, so it survives restarts and aborted transactions in step with them.
        for (String due : new String[] {SESSION_DUE_STORE, USER_DUE_STORE}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(due),
                    Serdes.String(), Serdes.String()).withCachingEnabled());
        }
        // The pending sums and the arms' totals hold at most one entry per arm (bounded by the configuration): in
        // memory, changelogged (restored from the changelog by a task's next owner, exactly as a RocksDB store is under
        // exactly-once). A RocksDB store flushes its memtable to a new file at every commit, and the commit was 79% of
        // the stream thread's time under load (freshness run 9).
        for (String pending : new String[] {SESSION_PENDING_STORE, USER_PENDING_STORE}) {
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

        KStream<String, Outbound> decoded = decode(builder, w, t.coverage(), CoverageEvent.class,
                InputMapper::coverage, "coverage")
                .merge(decode(builder, w, t.events(), TrackingEvent.class, InputMapper::tracking, "events"))
                .merge(decode(builder, w, t.assignments(), AssignmentDecision.class, InputMapper::decision,
                        "assignments"));

        decoded.filter((k, v) -> v.poison(), Named.as("poison"))
                .map((k, v) -> KeyValue.pair(v.rawKey(), v.rawValue()), Named.as("poison-raw"))
                .to(t.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));

        KStream<String, Outbound> valid = decoded.filter((k, v) -> !v.poison(), Named.as("valid"));
        KStream<String, ArmChange> sessionArms = valid
                .filter((k, v) -> v.sessionUnit(), Named.as("session-inputs"))
                .mapValues(Outbound::unit, Named.as("session-input"))
                .process(() -> new UnitProcessor(SESSION_UNITS_STORE, SESSION_PENDING_STORE, SESSION_DUE_STORE,
                        attribution, w.config(), w.sweep(), w.sweepBatch(), w.armsCombine(), w.counters()),
                        Named.as("attribute-sessions"), SESSION_UNITS_STORE, SESSION_PENDING_STORE, SESSION_DUE_STORE)
                .repartition(arms(w, "session-arms"));
        KStream<String, ArmChange> userArms = valid
                .filter((k, v) -> !v.sessionUnit(), Named.as("user-inputs"))
                .mapValues(Outbound::unit, Named.as("user-input"))
                .repartition(Repartitioned.with(Serdes.String(), UnitCodecs.unitMessage()).withName("user-units")
                        .withNumberOfPartitions(w.partitions()))
                .process(() -> new UnitProcessor(USER_UNITS_STORE, USER_PENDING_STORE, USER_DUE_STORE, attribution,
                        w.config(), w.sweep(), w.sweepBatch(), w.armsCombine(), w.counters()),
                        Named.as("attribute-users"), USER_UNITS_STORE, USER_PENDING_STORE, USER_DUE_STORE)
                .repartition(arms(w, "user-arms"));
        sessionArms.merge(userArms, Named.as("arm-changes"))
                .process(() -> new ArmProcessor(ARMS_STORE, w.resultsEmit()), Named.as("aggregate"), ARMS_STORE)
                .to(t.results(), Produced.with(Serdes.String(), resultSerde));
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
