package dev.ep.assignment.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The domain-separated encoding ({@code purpose:L:namespace:unitId}): the service against the published vectors,
 * the vectors against Guava, and injectivity (a decoder recovers every (purpose, namespace, unit id) triple, so no
 * two triples share an input).
 */
class HashSpaceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Fragments that make structurally tricky strings: separators, digits, purpose words, multi-byte characters. */
    private static final List<String> FRAGMENTS = List.of("", ":", "::", "a", "b", "1", "12", "a:1", "1:b", "bucket",
            "slot", "holdout", "ü", "日", "😀", "e\u0301", "-", "x".repeat(130));

    @Test
    void shouldEncodePurposeByteLengthNamespaceAndUnitWhenBuildingTheInput() {
        assertThat(HashSpace.BUCKET.input("search", "s-1")).isEqualTo("bucket:6:search:s-1");
        assertThat(HashSpace.SLOT.input("search", "s-1")).isEqualTo("slot:6:search:s-1");
        assertThat(HashSpace.HOLDOUT.input("holdout", "u-9")).isEqualTo("holdout:7:holdout:u-9");
        // L counts UTF-8 bytes, not chars: Ü is 2 bytes, 😀 is 4 (2 chars)
        assertThat(HashSpace.BUCKET.input("Ü-layer", "s")).isEqualTo("bucket:8:Ü-layer:s");
        assertThat(HashSpace.SLOT.input("😀", "")).isEqualTo("slot:4:😀:");
        assertThat(HashSpace.BUCKET.input("", "")).isEqualTo("bucket:0::");
        assertThat(HashSpace.BUCKET.prefix("search").text()).isEqualTo("bucket:6:search:");
    }

    @Test
    void shouldMatchEveryPublishedVectorWhenHashingInItsSpace() {
        // given
        JsonNode doc = HashVectors.load();
        assertThat(doc.get("vectors").size()).isGreaterThan(300);

        // when / then: the service's encoding and both of its hash paths give the file's values
        for (JsonNode v : doc.get("vectors")) {
            checkServiceAgainst(v);
        }
        for (JsonNode pair : doc.get("separated")) {
            checkServiceAgainst(pair.get("a"));
            checkServiceAgainst(pair.get("b"));
        }
    }

    @Test
    void shouldHashEveryPublishedInputAsGuavaDoesWhenCheckedIndependently() {
        // given
        JsonNode doc = HashVectors.load();

        // then: the file's bytes are its text in UTF-8, and Guava gives the file's hash for them
        for (JsonNode v : doc.get("vectors")) {
            byte[] bytes = HexFormat.of().parseHex(v.get("utf8Hex").asString());
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(v.get("input").asString());
            long hash = Integer.toUnsignedLong(Hashing.murmur3_32_fixed().hashBytes(bytes).asInt());
            assertThat(hash).as(v.get("input").asString()).isEqualTo(v.get("hash").asLong());
            assertThat((hash * 10_000) >>> 32).isEqualTo(v.get("scaled10000").asLong());
            assertThat((hash * 100) >>> 32).isEqualTo(v.get("scaled100").asLong());
        }
    }

    @Test
    void shouldPublishTheSameVectorsAsGuavaComputesNowWhenRegenerated() {
        // given (through text, as the file was written: numbers compare as parsed)
        JsonNode regenerated = JSON.readTree(JSON.writeValueAsString(HashVectors.document()));

        // then: the committed file is exactly what the independent implementation produces
        assertThat(regenerated).isEqualTo(HashVectors.load());
    }

    @Test
    void shouldKeepTheDocsCopyOfTheVectorsIdenticalWhenPublished() throws Exception {
        Path docs = Path.of("..", "docs", "hash-vectors.json");
        assertThat(docs).exists();
        assertThat(JSON.readTree(Files.readString(docs))).isEqualTo(HashVectors.load());
    }

    @Test
    void shouldSeparateInputsThatTheOldEncodingConflatedWhenHashed() {
        // given: pairs that were one input under salt + ":" + unitId
        JsonNode doc = HashVectors.load();
        assertThat(doc.get("separated").size()).isGreaterThanOrEqualTo(8);

        for (JsonNode pair : doc.get("separated")) {
            JsonNode a = pair.get("a");
            JsonNode b = pair.get("b");
            String caseName = pair.get("case").asString();
            // the old encoding gave both the same bytes ...
            assertThat(a.get("namespace").asString() + ":" + a.get("unitId").asString()).as(caseName)
                    .isEqualTo(b.get("namespace").asString() + ":" + b.get("unitId").asString())
                    .isEqualTo(pair.get("oldInput").asString());
            // ... the new one does not, and (for these fixed pairs) neither do the hashes
            assertThat(a.get("utf8Hex").asString()).as(caseName).isNotEqualTo(b.get("utf8Hex").asString());
            assertThat(a.get("hash").asLong()).as(caseName).isNotEqualTo(b.get("hash").asLong());
        }
    }

    @Test
    void shouldGiveDistinctInputsWhenNamespaceAndUnitShareASeparator() {
        // namespace "a:1" + unit "b" against namespace "a" + unit "1:b": one input before, two now
        assertThat(HashSpace.BUCKET.encode("a:1", "b")).isNotEqualTo(HashSpace.BUCKET.encode("a", "1:b"));
        assertThat(HashSpace.BUCKET.input("a:1", "b")).isEqualTo("bucket:3:a:1:b");
        assertThat(HashSpace.BUCKET.input("a", "1:b")).isEqualTo("bucket:1:a:1:b");
        assertThat(HashSpace.BUCKET.hash("a:1", "b")).isNotEqualTo(HashSpace.BUCKET.hash("a", "1:b"));
        // a namespace that looks like a length field, an empty namespace, and the same namespace across purposes
        assertThat(HashSpace.BUCKET.input("1:a", "b")).isNotEqualTo(HashSpace.BUCKET.input("1", "a:b"));
        assertThat(HashSpace.BUCKET.input("", "::x")).isNotEqualTo(HashSpace.BUCKET.input(":", ":x"));
        for (HashSpace a : HashSpace.values()) {
            for (HashSpace b : HashSpace.values()) {
                if (a != b) {
                    assertThat(a.encode("search", "s-1")).isNotEqualTo(b.encode("search", "s-1"));
                    assertThat(a.hash("search", "s-1")).isNotEqualTo(b.hash("search", "s-1"));
                }
            }
        }
    }

    @Test
    void shouldDecodeEveryInputBackToItsPurposeNamespaceAndUnitWhenTheIdsAreAdversarial() {
        // the encoding has a left inverse, so it is injective: distinct triples never share an input
        qt().withExamples(20_000)
                .forAll(arbitrary().enumValues(HashSpace.class), tricky(), tricky())
                .checkAssert((space, namespace, unit) -> {
                    Decoded decoded = decode(space.encode(namespace, unit));
                    assertThat(decoded).isEqualTo(new Decoded(space.purpose(), namespace, unit));
                });
    }

    @Test
    void shouldNeverShareAnInputWhenTwoDistinctTriplesAreEncoded() {
        qt().withExamples(20_000)
                .forAll(triples(), arbitrary().enumValues(HashSpace.class), tricky())
                .checkAssert((first, otherSpace, otherNamespace) -> {
                    // the second triple's unit id is chosen to make the old encodings equal whenever it can
                    Decoded second = new Decoded(otherSpace.purpose(), otherNamespace,
                            otherUnitForSameOldInput(first.namespace(), first.unitId(), otherNamespace));
                    assertThat(Arrays.equals(encode(first), encode(second))).isEqualTo(first.equals(second));
                });
    }

    private static void checkServiceAgainst(JsonNode v) {
        HashSpace space = spaceOf(v.get("purpose").asString());
        String namespace = v.get("namespace").asString();
        String unit = v.get("unitId").asString();
        long expected = v.get("hash").asLong();
        assertThat(space.input(namespace, unit)).isEqualTo(v.get("input").asString());
        assertThat(HexFormat.of().formatHex(space.encode(namespace, unit))).isEqualTo(v.get("utf8Hex").asString());
        assertThat(Integer.toUnsignedLong(Murmur3.hash(space.prefix(namespace), unit))).as(space.input(namespace, unit))
                .isEqualTo(expected);
        assertThat(Integer.toUnsignedLong(space.hash(namespace, unit))).isEqualTo(expected);
        assertThat(space.prefix(namespace).input(unit)).isEqualTo(v.get("input").asString());
        assertThat(Murmur3.bucket(space.prefix(namespace), unit, 10_000)).isEqualTo(v.get("scaled10000").asInt());
        assertThat(space.scaled(namespace, unit, 100)).isEqualTo(v.get("scaled100").asInt());
    }

    private static HashSpace spaceOf(String purpose) {
        return Arrays.stream(HashSpace.values()).filter(s -> s.purpose().equals(purpose)).findFirst().orElseThrow();
    }

    /** Concatenations of up to six tricky fragments (valid UTF-16 only: the unit ids the edge admits are ASCII). */
    private static Gen<String> tricky() {
        return lists().of(integers().between(0, FRAGMENTS.size() - 1)).ofSizeBetween(0, 6)
                .map(indexes -> String.join("", indexes.stream().map(FRAGMENTS::get).toList()));
    }

    private static Gen<Decoded> triples() {
        return arbitrary().enumValues(HashSpace.class).zip(tricky(), tricky(),
                (space, namespace, unit) -> new Decoded(space.purpose(), namespace, unit));
    }

    private static byte[] encode(Decoded triple) {
        return spaceOf(triple.purpose()).encode(triple.namespace(), triple.unitId());
    }

    /** A unit id that gives {@code otherNamespace} the same old input ({@code ns:unit}) if there is one. */
    private static String otherUnitForSameOldInput(String namespace, String unit, String otherNamespace) {
        String old = namespace + ":" + unit;
        return old.startsWith(otherNamespace + ":") ? old.substring(otherNamespace.length() + 1) : unit;
    }

    record Decoded(String purpose, String namespace, String unitId) {
    }

    /** Reads an input back: purpose up to the first ':', L digits up to the next, L namespace bytes, ':', the rest. */
    private static Decoded decode(byte[] input) {
        int first = indexOf(input, 0);
        String purpose = new String(input, 0, first, StandardCharsets.UTF_8);
        int second = indexOf(input, first + 1);
        String digits = new String(input, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        assertThat(digits).matches("0|[1-9][0-9]*");
        int length = Integer.parseInt(digits);
        int namespaceStart = second + 1;
        assertThat(input[namespaceStart + length]).isEqualTo((byte) ':');
        String namespace = new String(input, namespaceStart, length, StandardCharsets.UTF_8);
        int unitStart = namespaceStart + length + 1;
        String unit = new String(input, unitStart, input.length - unitStart, StandardCharsets.UTF_8);
        return new Decoded(purpose, namespace, unit);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == ':') {
                return i;
            }
        }
        throw new AssertionError("no ':' after " + from);
    }
}
