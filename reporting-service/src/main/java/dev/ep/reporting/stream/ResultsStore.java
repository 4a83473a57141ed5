package dev.ep.reporting.stream;

import dev.ep.events.v1.ArmResult;
import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.serde.AvroDeserializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Interactive query of the global {@code results-view} store (the compacted {@code ep.results} topic), so that any
 * instance answers for every experiment, whichever instance computed it.
 */
@Component
public class ResultsStore {

    private final StreamsBuilderFactoryBean streams;
    private final AvroDeserializer<ArmResult> reader;
    private final ReportingProperties properties;

    ResultsStore(StreamsBuilderFactoryBean streams, SchemaRegistry registry, KafkaProperties kafka,
                 ReportingProperties properties) {
        this.streams = streams;
        this.reader = new AvroDeserializer<>(registry, ArmResult.class, kafka.getProperties(), false);
        this.properties = properties;
    }

    /** Every arm of the experiment, all phases; empty when the streams are not running yet. */
    public Optional<List<ArmTotals>> arms(String experimentId) {
        return scan(ArmKey.prefix(experimentId));
    }

    /** Every arm of every experiment; empty when the streams are not running yet. */
    public Optional<List<ArmTotals>> all() {
        return scan("");
    }

    private Optional<List<ArmTotals>> scan(String prefix) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null || !kafkaStreams.state().isRunningOrRebalancing()) {
            return Optional.empty();
        }
        ReadOnlyKeyValueStore<String, byte[]> store;
        try {
            store = kafkaStreams.store(StoreQueryParameters.fromNameAndType(ReportingTopology.RESULTS_STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
        List<ArmTotals> arms = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = prefix.isEmpty() ? store.all()
                : store.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> arms.add(
                    ArmResults.fromAvro(reader.deserialize(properties.topics().results(), kv.value))));
        }
        return Optional.of(arms);
    }

    /** The streams' state, for the answer when results are not available. */
    public String state() {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        return kafkaStreams == null ? "NOT_STARTED" : kafkaStreams.state().name();
    }

}
