package dev.ep.assignment.bench;

import dev.ep.assignment.core.Assignment;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.BucketRange;
import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.ConfigLog;
import dev.ep.assignment.core.ExperimentDefinition;
import dev.ep.assignment.core.SlotRange;
import dev.ep.assignment.core.Status;
import dev.ep.assignment.hashing.HashSpace;
import dev.ep.assignment.hashing.Murmur3;
import dev.ep.targeting.CompiledTargeting;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Assigning every experiment for one request, over issue 13's cost curve: {@code experiments} = 10, 100 and 1,000
 * running experiments in 10, 10 and 100 layers ({@link BenchmarkConfig.Shape#of}), each with a page list and a
 * targeting rule, a 1% holdout; {@code rules} = {@code shared} (ten distinct rules, the configuration of every figure
 * before 2026-11-30 19:50) or {@code own} (every experiment's rule distinct: nothing for the snapshot to share). {@code layered} is the service's hot path ({@link CompiledConfig#assign}); {@code naive}
 * is the baseline an implementation without precomputation would run: every experiment evaluated independently (its
 * layer hash recomputed from a concatenated string's bytes, bucket ranges scanned, targeting evaluated, slot ranges
 * scanned). The layered cost should grow with the layers, the naive one with the experiments; {@code compile} is the
 * feed thread's cost of one new snapshot. Run with
 * {@code -prof gc} for allocated bytes per operation ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AssignBenchmark {

    private static final int SESSIONS = 4_096;

    /** Running experiments; the layers follow ({@link BenchmarkConfig.Shape#of}). */
    @Param({"10", "100", "1000"})
    public int experiments;

    /**
     * {@code shared}: ten distinct rules among the experiments (evaluated once each per request); {@code own}: every
     * experiment's rule its own, nothing shared (the worst case). {@link BenchmarkConfig.Rules}.
     */
    @Param({"shared", "own"})
    public String rules;

    private ConfigLog log;
    private CompiledConfig config;
    private List<ExperimentDefinition> definitions;
    private List<CompiledTargeting> targetings;
    private AssignmentRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        BenchmarkConfig.Shape shape = BenchmarkConfig.Shape.of(experiments);
        BenchmarkConfig.Rules rules = BenchmarkConfig.Rules.valueOf(this.rules.toUpperCase(java.util.Locale.ROOT));
        log = BenchmarkConfig.log(shape, rules);
        config = log.compile();
        definitions = BenchmarkConfig.definitions(shape, rules);
        targetings = new ArrayList<>();
        for (ExperimentDefinition def : definitions) {
            targetings.add(CompiledTargeting.compile(def.targeting()));
        }
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

    /**
     * Building a whole snapshot from the applied configuration, as the feed thread does for every change before the
     * swap (never on a request thread): the snapshot-swap benchmark's cost per change.
     */
    @Benchmark
    public CompiledConfig compile() {
        return log.compile();
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
