package dev.ep.assignment.it;

import dev.ep.events.v1.AggregateType;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.ExperimentStatus;
import dev.ep.events.v1.HoldoutState;
import dev.ep.events.v1.LayerState;
import dev.ep.events.v1.Phase;
import dev.ep.events.v1.Range;
import dev.ep.events.v1.SlotRange;
import dev.ep.events.v1.Targeting;
import dev.ep.events.v1.Treatment;
import dev.ep.events.v1.UnitType;
import dev.ep.schemas.AvroTrust;
import dev.ep.schemas.ConfigKeys;
import dev.ep.schemas.ConfigLineage;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.Topics;
import dev.ep.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces configuration snapshots as config-service publishes them: keyed by {@link ConfigKeys}, a global, strictly
 * increasing sequence, full aggregate state, through the registry serde. Sequences come from one JVM-wide counter
 * (seeded from the clock) because all ITs of this module share the broker and its config topic.
 */
public final class ConfigRecords implements AutoCloseable {

    static {
        AvroTrust.install(); // the builders below create generated Avro records before any serde is configured
    }

    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() * 1_000);

    private final KafkaProducer<String, ExperimentSnapshot> producer;

    public ConfigRecords(String bootstrapServers, String registryUrl) {
        provision(bootstrapServers);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                "schema.registry.url", registryUrl));
    }

    /** Creates (or verifies) every platform topic, as each service does at start. */
    public static void provision(String bootstrapServers) {
        try (TopicProvisioner provisioner = TopicProvisioner.create(Map.of("bootstrap.servers", bootstrapServers))) {
            provisioner.provision(Topics.all());
        }
    }

    static long nextSequence() {
        return SEQUENCE.incrementAndGet();
    }

    /** Sends and waits for the broker's acknowledgement; returns the record's sequence. */
    public long send(ExperimentSnapshot snapshot) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CONFIG_EXPERIMENTS.name(),
                ConfigKeys.of(snapshot.getAggregateType(), snapshot.getAggregateId()), snapshot))
                .get(30, TimeUnit.SECONDS);
        return snapshot.getSequence();
    }

    /**
     * Sends to {@code topic} stamped as config-service stamps it ({@link ConfigLineage}: the epoch, the record's own
     * sequence as witness); {@code snapshot == null} with {@code key}: a tombstone.
     */
    public void send(String topic, String key, ExperimentSnapshot snapshot, long epoch) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        ConfigLineage.stamp(headers, epoch, new ConfigLineage.Witness(
                snapshot == null ? 1 : snapshot.getSequence(), "witness"));
        producer.send(new ProducerRecord<>(topic, null, key, snapshot, headers)).get(30, TimeUnit.SECONDS);
    }

    public static ExperimentSnapshot layer(String id) {
        return ExperimentSnapshot.newBuilder().setAggregateType(AggregateType.LAYER).setAggregateId(id)
                .setSequence(nextSequence()).setVersion(1).setTime(Instant.now())
                .setLayer(LayerState.newBuilder().setId(id).setName("Layer " + id).setBucketCount(10_000).build())
                .build();
    }

    /** A layer of the given unit type (every experiment in it hashes that unit). */
    public static ExperimentSnapshot layer(String id, UnitType unitType) {
        ExperimentSnapshot layer = layer(id);
        return ExperimentSnapshot.newBuilder(layer)
                .setLayer(LayerState.newBuilder(layer.getLayer()).setUnitType(unitType).build()).build();
    }

    public static ExperimentSnapshot holdout(int basisPoints) {
        return ExperimentSnapshot.newBuilder().setAggregateType(AggregateType.HOLDOUT).setAggregateId("holdout")
                .setSequence(nextSequence()).setVersion(1).setTime(Instant.now())
                .setHoldout(HoldoutState.newBuilder().setBasisPoints(basisPoints).setSalt("holdout")
                        .setUnitType(UnitType.SESSION).build())
                .build();
    }

    /** A running experiment owning {@code [0, trafficBasisPoints)}, treatments with weights (bp) in order. */
    public static ExperimentState.Builder experiment(String id, String layerId, int trafficBasisPoints, Object... nameWeight) {
        List<Treatment> treatments = new ArrayList<>();
        List<SlotRange> slots = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < nameWeight.length; i += 2) {
            String name = (String) nameWeight[i];
            int weight = (Integer) nameWeight[i + 1];
            treatments.add(Treatment.newBuilder().setName(name).setControl(i == 0).setWeightBasisPoints(weight)
                    .setVariables("{\"color\": \"" + name + "\", \"size\": " + (i + 1) + "}").build());
            if (weight > 0) {
                slots.add(SlotRange.newBuilder().setStart(next).setEnd(next + weight).setTreatment(name).build());
            }
            next += weight;
        }
        Instant created = Instant.now();
        return ExperimentState.newBuilder().setId(id).setName("Experiment " + id).setHypothesis("it helps")
                .setOwner("team-checkout").setLayerId(layerId).setUnitType(UnitType.SESSION).setSalt(id)
                .setStatus(ExperimentStatus.RUNNING).setPhase(1).setTrafficBasisPoints(trafficBasisPoints)
                .setBuckets(trafficBasisPoints == 0 ? List.of()
                        : List.of(Range.newBuilder().setStart(0).setEnd(trafficBasisPoints).build()))
                .setSlotCount(10_000).setTreatments(treatments).setSlots(slots)
                .setPhases(List.of(Phase.newBuilder().setNumber(1).setStartedAt(created).build()))
                .setTargeting(Targeting.newBuilder().setPages(List.of()).setRule(null).build())
                .setOverrides(Map.of()).setPrimaryMetric("conversion").setGuardrailMetrics(List.of())
                .setCreatedAt(created);
    }

    public static ExperimentSnapshot snapshot(ExperimentState state, int version) {
        return ExperimentSnapshot.newBuilder().setAggregateType(AggregateType.EXPERIMENT).setAggregateId(state.getId())
                .setSequence(nextSequence()).setVersion(version).setTime(Instant.now()).setExperiment(state).build();
    }

    @Override
    public void close() {
        producer.close();
    }
}
