package dev.ep.assignment.bench;

import dev.ep.assignment.core.Assignment;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.BucketRange;
import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.ConfigChange;
import dev.ep.assignment.core.ConfigLog;
import dev.ep.assignment.core.ExperimentDefinition;
import dev.ep.assignment.core.HoldoutDefinition;
import dev.ep.assignment.core.LayerDefinition;
import dev.ep.assignment.core.SlotRange;
import dev.ep.assignment.core.Status;
import dev.ep.assignment.core.TreatmentDefinition;
import dev.ep.assignment.core.UnitType;
import dev.ep.assignment.hashing.HashSpace;
import dev.ep.assignment.hashing.Murmur3;
import dev.ep.targeting.CompiledTargeting;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Assigning every experiment for one request: 100 running experiments in 10 layers, with page lists and targeting
 * rules, a 1% holdout. {@code layered} is the service's hot path ({@link CompiledConfig#assign}); {@code naive} is the
 * baseline an implementation without precomputation would run: every experiment evaluated independently (its layer
 * hash recomputed from a concatenated string's bytes, bucket ranges scanned, targeting evaluated, slot ranges
 * scanned). Run with {@code -prof gc} for allocated bytes per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AssignBenchmark {

    private static final int SESSIONS = 4_096;

    private CompiledConfig config;
    private List<ExperimentDefinition> definitions;
    private List<CompiledTargeting> targetings;
    private AssignmentRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        ConfigLog log = new ConfigLog();
        long sequence = 1;
        log.apply(new ConfigChange.HoldoutPut("holdout", sequence++, new HoldoutDefinition(100, "holdout",
                UnitType.SESSION)));
        definitions = new ArrayList<>();
        targetings = new ArrayList<>();
        for (int l = 0; l < BenchmarkConfig.LAYERS; l++) {
            log.apply(new ConfigChange.LayerPut("layer:bench-layer-" + l, sequence++,
                    new LayerDefinition("bench-layer-" + l, 10_000, UnitType.SESSION)));
        }
        for (BenchmarkConfig.Spec spec : BenchmarkConfig.experiments()) {
            Targeting targeting = new Targeting(spec.pages(), TargetingParser.parseRule(spec.rule()));
            ExperimentDefinition def = new ExperimentDefinition(spec.id(), spec.layer(), 3, 1, UnitType.SESSION,
                    spec.id(), Status.RUNNING, List.of(new BucketRange(spec.bucketStart(), spec.bucketEnd())), 10_000,
                    List.of(new TreatmentDefinition("control", true, 3_334, "{\"v\":0}"),
                            new TreatmentDefinition("b", false, 3_333, "{\"v\":1}"),
                            new TreatmentDefinition("c", false, 3_333, "{\"v\":2}")),
                    List.of(new SlotRange(0, 3_334, "control"), new SlotRange(3_334, 6_667, "b"),
                            new SlotRange(6_667, 10_000, "c")),
                    targeting, Map.of());
            definitions.add(def);
            targetings.add(CompiledTargeting.compile(targeting));
            log.apply(new ConfigChange.ExperimentPut("experiment:" + spec.id(), sequence++, def));
        }
        config = log.compile();
        requests = new AssignmentRequest[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            requests[i] = new AssignmentRequest("8c1e6f0a-5b2d-4e7f-9a3c-" + String.format("%012d", i), null, "cart",
                    BenchmarkConfig.attributes());
        }
    }

    private AssignmentRequest nextRequest() {
        next = (next + 1) & (SESSIONS - 1);
        return requests[next];
    }

    @Benchmark
    public Assignment layered() {
        return config.assign(nextRequest());
    }

    @Benchmark
    public List<String[]> naive() {
        AssignmentRequest request = nextRequest();
        // every hash from the encoded input's bytes (HashSpace.hash concatenates and encodes, as a naive service would)
        if (Murmur3.bucket(HashSpace.HOLDOUT.hash("holdout", request.sessionId()), 10_000) < 100) {
            return List.of();
        }
        List<String[]> assigned = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            ExperimentDefinition e = definitions.get(i);
            int bucket = Murmur3.bucket(HashSpace.BUCKET.hash(e.layerId(), request.sessionId()), 10_000);
            boolean owns = false;
            for (BucketRange r : e.buckets()) {
                owns |= bucket >= r.start() && bucket < r.end();
            }
            if (!owns || e.status() != Status.RUNNING
                    || !targetings.get(i).matches(request.page(), request.attributes())) {
                continue;
            }
            int slot = Murmur3.bucket(HashSpace.SLOT.hash(e.salt(), request.sessionId()), e.slotCount());
            for (SlotRange r : e.slots()) {
                if (slot >= r.start() && slot < r.end()) {
                    assigned.add(new String[] {e.id(), r.treatment()});
                }
            }
        }
        return assigned;
    }
}
