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
 * ep.coverage ─┐ decode, re-key by unit                       ┌─ poison ─▶ ep.dlt.reporting-service
 * ep.events ───┼──────────────────────────────────────────────┤
 * ep.assignments┘                                             └─▶ repartition "units" (key unitType/unitId)
 *     ─▶ attribute (store "units": per-unit state; store "arm-pending": the arms' deltas added up, forwarded
 *        every armsCombine) ─▶ repartition "arms" (key experiment/phase/treatment)
 *     ─▶ aggregate (store "arms": exact sums, adder + subtractor) ─▶ ep.results (compacted)
 * global: ep.config.experiments ─▶ store "config" + ConfigView;  ep.results ─▶ store "results-view" (endpoint)
 * </pre>
 */
public final class ReportingTopology {

    public static final String UNITS_STORE = "units";
    public static final String ARMS_STORE = "arms";
    public static final String PENDING_STORE = "arm-pending";
    public static final String CONFIG_STORE = "config";
    public static final String RESULTS_STORE = "results-view";

    /** The topics the topology reads and writes. */
    public record TopicNames(String coverage, String events, String assignments, String config, String results,
                             String deadLetters) {
    }

    /** Everything the topology needs besides the builder. */
    public record Wiring(TopicNames topics, AttributionSettings attribution, Duration sweep, SchemaRegistry registry,
                         Map<String, ?> serdeConfig, ConfigView config, StreamCounters counters,
                         DeadLetterSink globalDeadLetters, String group, Duration resultsEmit,
                         Duration armsCombine) {
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
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UNITS_STORE),
                Serdes.String(), UnitCodecs.unitState()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                Serdes.String(), UnitCodecs.armChange()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ARMS_STORE),
                Serdes.String(), new JsonSerde<>(ArmTotals.class)).withCachingEnabled());
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

        decoded.filter((k, v) -> !v.poison(), Named.as("valid"))
                .mapValues(Outbound::unit, Named.as("unit-input"))
                .repartition(Repartitioned.with(Serdes.String(), UnitCodecs.unitMessage()).withName("units"))
                .process(() -> new UnitProcessor(UNITS_STORE, PENDING_STORE, attribution, w.config(), w.sweep(),
                        w.armsCombine(), w.counters()), Named.as("attribute"), UNITS_STORE, PENDING_STORE)
                .repartition(Repartitioned.with(Serdes.String(), UnitCodecs.armChange()).withName("arms"))
                .process(() -> new ArmProcessor(ARMS_STORE, w.resultsEmit()), Named.as("aggregate"), ARMS_STORE)
                .to(t.results(), Produced.with(Serdes.String(), resultSerde));
    }

    private static <T extends SpecificRecord> KStream<String, Outbound> decode(
            StreamsBuilder builder, Wiring w, String topic, Class<T> type, Function<T, Routed> mapper, String name) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .process(() -> new DecodeProcessor<>(topic, decoder(w, type), mapper, w.group()),
                        Named.as("decode-" + name));
    }

    private static <T extends SpecificRecord> AvroDecoder<T> decoder(Wiring w, Class<T> type) {
        return new AvroDecoder<>(w.registry(), type, w.serdeConfig());
    }
}
