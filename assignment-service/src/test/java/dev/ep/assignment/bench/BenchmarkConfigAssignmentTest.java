package dev.ep.assignment.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.core.Assignment;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.ExperimentDefinition;
import dev.ep.assignment.core.LayerOutcome;
import dev.ep.assignment.core.SlotRange;
import dev.ep.assignment.hashing.HashSpace;
import dev.ep.assignment.hashing.Murmur3;
import dev.ep.targeting.CompiledTargeting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cost-curve configurations assign exactly as before any change to the hot path (a golden digest of many units'
 * assignments), and exactly as a plain per-experiment evaluation from the hashing specification would: so a faster
 * {@link CompiledConfig#assign} cannot change who gets what.
 */
class BenchmarkConfigAssignmentTest {

    private static final int UNITS = 20_000;

    @ParameterizedTest
    @CsvSource({
        "10, 10, 3e75437679353330d6c15fdda8e4b0988ac055b202947b2e8daa0cf9fd040168",
        "100, 10, f6029aa9454d1f59e44a2d4efbc5ee4d344b2edc73092ac0306136ae6bab6087",
        "1000, 100, f0904e33c4b49faf9335de6765cc0c49d14900acc252476d914de8c1e6319d06"})
    void shouldAssignTheCostCurveConfigurationsAsTheGoldenDigestRecords(int experiments, int layers, String digest)
            throws Exception {
        CompiledConfig config = BenchmarkConfig.compiled(new BenchmarkConfig.Shape(experiments, layers));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");

        for (AssignmentRequest request : requests()) {
            Assignment a = config.assign(request);
            sha.update(line(request.sessionId() + "|" + a.heldOut()));
            for (LayerOutcome.Assigned x : a.assigned()) {
                sha.update(line(x.layerId() + "|" + x.experimentId() + "|" + x.treatment().name() + "|" + x.bucket()
                        + "|" + x.slot() + "|" + x.forced()));
            }
        }

        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(digest);
    }

    @ParameterizedTest
    @CsvSource({"10, 10, SHARED", "100, 10, SHARED", "1000, 100, SHARED", "100, 10, OWN", "1000, 100, OWN"})
    void shouldAssignAsAPlainEvaluationOfEveryExperimentWhen(int experiments, int layers, BenchmarkConfig.Rules rules) {
        BenchmarkConfig.Shape shape = new BenchmarkConfig.Shape(experiments, layers);
        CompiledConfig config = BenchmarkConfig.compiled(shape, rules);
        List<ExperimentDefinition> definitions = BenchmarkConfig.definitions(shape, rules);
        int assignedSomewhere = 0;

        for (AssignmentRequest request : requests().subList(0, 2_000)) {
            List<String> expected = plain(definitions, request);
            List<String> actual = config.assign(request).assigned().stream()
                    .map(x -> x.experimentId() + "=" + x.treatment().name()).sorted().toList();
            assertThat(actual).as(request.sessionId()).isEqualTo(expected);
            assignedSomewhere += actual.size();
        }

        assertThat(assignedSomewhere).as("the configurations assign something").isPositive();
    }

    /** The specification, one experiment at a time, from the hash inputs' text (docs/hashing.md). */
    private static List<String> plain(List<ExperimentDefinition> definitions, AssignmentRequest request) {
        String unit = request.sessionId();
        if (Murmur3.bucket(HashSpace.HOLDOUT.hash("holdout", unit), 10_000) < 100) {
            return List.of();
        }
        List<String> assigned = new ArrayList<>();
        for (ExperimentDefinition e : definitions) {
            int bucket = Murmur3.bucket(HashSpace.BUCKET.hash(e.layerId(), unit), 10_000);
            boolean owns = e.buckets().stream().anyMatch(r -> bucket >= r.start() && bucket < r.end());
            if (!owns || !CompiledTargeting.compile(e.targeting()).matches(request.page(), request.attributes())) {
                continue;
            }
            int slot = Murmur3.bucket(HashSpace.SLOT.hash(e.salt(), unit), e.slotCount());
            for (SlotRange r : e.slots()) {
                if (slot >= r.start() && slot < r.end()) {
                    assigned.add(e.id() + "=" + r.treatment());
                }
            }
        }
        return assigned.stream().sorted().toList();
    }

    /** Sessions with varied ids and contexts: some not eligible by country, cart value, device or page. */
    private static List<AssignmentRequest> requests() {
        String[] countries = {"DE", "AT", "CH", "FR", "NL", "US"};
        String[] devices = {"mobile", "desktop", "tv"};
        String[] pages = {"cart", "home", "checkout", null};
        List<AssignmentRequest> requests = new ArrayList<>(UNITS);
        for (int i = 0; i < UNITS; i++) {
            requests.add(new AssignmentRequest("s-" + i + (i % 7 == 0 ? ":ü-" + i : ""), null, pages[i % 4],
                    Map.of("country", countries[i % 6], "cart_value", Integer.toString(i % 60), "device",
                            devices[i % 3])));
        }
        return requests;
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
