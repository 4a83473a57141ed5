package dev.ep.assignment.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.google.common.hash.Hashing;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class Murmur3Test {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldMatchEveryPublishedVectorWhenHashingSaltAndUnit() throws Exception {
        // given
        JsonNode doc = vectors();

        // when / then
        assertThat(doc.get("vectors").size()).isGreaterThan(100);
        for (JsonNode v : doc.get("vectors")) {
            String salt = v.get("salt").asString();
            String unit = v.get("unitId").asString();
            long expected = v.get("hash").asLong();
            assertThat(Integer.toUnsignedLong(Murmur3.hash(salt, unit))).as("%s:%s", salt, unit).isEqualTo(expected);
            assertThat(HexFormat.of().formatHex((salt + ":" + unit).getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(v.get("utf8Hex").asString());
            assertThat(Murmur3.bucket(salt, unit, v.get("buckets").asInt())).isEqualTo(v.get("bucket").asInt());
            assertThat(Murmur3.bucket(Murmur3.hash(salt, unit), 100)).isEqualTo(v.get("slots100").asInt());
        }
    }

    @Test
    void shouldMatchTheWellKnownReferenceVectorsWhenHashingBytes() throws Exception {
        // given: vectors from the algorithm's public test suites (values in the file come from Guava)
        JsonNode doc = vectors();

        // then: the file agrees with the values published for MurmurHash3 x86_32 ...
        assertThat(hashOf(doc, "empty input, seed 0")).isEqualTo(0L);
        assertThat(hashOf(doc, "empty input, seed 1")).isEqualTo(0x514E28B7L);
        assertThat(hashOf(doc, "empty input, seed 0xffffffff")).isEqualTo(0x81F16F39L);
        assertThat(hashOf(doc, "four zero bytes, seed 0")).isEqualTo(0x2362F9DEL);
        assertThat(hashOf(doc, "'test', seed 0")).isEqualTo(0xba6bd213L);
        assertThat(hashOf(doc, "'Hello, world!', seed 0")).isEqualTo(0xc0363e43L);
        assertThat(hashOf(doc, "'The quick brown fox jumps over the lazy dog', seed 0")).isEqualTo(0x2e4ff723L);
        assertThat(hashOf(doc, "'aaaa', seed 0x9747b28c")).isEqualTo(0x5A97808AL);
        assertThat(hashOf(doc, "'Hello, world!', seed 0x9747b28c")).isEqualTo(0x24884CBAL);
        assertThat(hashOf(doc, "'The quick brown fox jumps over the lazy dog', seed 0x9747b28c"))
                .isEqualTo(0x2FA826CDL);
        // ... and the byte form of the implementation reproduces every one of them
        for (JsonNode v : doc.get("reference")) {
            byte[] input = HexFormat.of().parseHex(v.get("inputHex").asString());
            int seed = (int) v.get("seed").asLong();
            assertThat(Integer.toUnsignedLong(Murmur3.hash(input, seed))).as(v.get("description").asString())
                    .isEqualTo(v.get("hash").asLong());
        }
    }

    @Test
    void shouldPublishTheSameVectorsAsGuavaComputesNowWhenRegenerated() throws Exception {
        // given
        String regenerated = JSON.writeValueAsString(JSON.valueToTree(HashVectors.document()));

        // then: the committed file is exactly what the independent implementation produces
        assertThat(JSON.readTree(regenerated)).isEqualTo(vectors());
    }

    @Test
    void shouldKeepTheDocsCopyOfTheVectorsIdenticalWhenPublished() throws Exception {
        Path docs = Path.of("..", "docs", "hash-vectors.json");
        assertThat(docs).exists();
        assertThat(JSON.readTree(Files.readString(docs))).isEqualTo(vectors());
    }

    @Test
    void shouldAgreeWithGuavaWhenGivenAnyStrings() {
        qt().withExamples(5_000)
                .forAll(strings().allPossible().ofLengthBetween(0, 40), strings().allPossible().ofLengthBetween(0, 40))
                .checkAssert((salt, unit) -> assertThat(Murmur3.hash(salt, unit)).isEqualTo(
                        Hashing.murmur3_32_fixed().hashBytes((salt + ":" + unit).getBytes(StandardCharsets.UTF_8))
                                .asInt()));
    }

    @Test
    void shouldEqualTheByteFormWhenStringsContainSurrogatesOrNonAscii() {
        qt().withExamples(5_000)
                .forAll(strings().betweenCodePoints(0, 0x10FFFF).ofLengthBetween(0, 20),
                        strings().betweenCodePoints(0xD700, 0xE100).ofLengthBetween(0, 20))
                .checkAssert((salt, unit) -> assertThat(Murmur3.hash(salt, unit))
                        .isEqualTo(Murmur3.hash((salt + ":" + unit).getBytes(StandardCharsets.UTF_8), 0)));
    }

    @Test
    void shouldEqualTheFullHashWhenContinuingFromAPrecomputedSaltPrefix() {
        qt().withExamples(5_000)
                .forAll(strings().betweenCodePoints(0, 0x10FFFF).ofLengthBetween(0, 20),
                        strings().betweenCodePoints(0, 0x10FFFF).ofLengthBetween(0, 40))
                .checkAssert((salt, unit) -> assertThat(Murmur3.hash(Murmur3.prefix(salt), unit))
                        .isEqualTo(Murmur3.hash(salt, unit)));
        for (JsonNode v : vectorsUnchecked().get("vectors")) {
            String salt = v.get("salt").asString();
            String unit = v.get("unitId").asString();
            assertThat(Integer.toUnsignedLong(Murmur3.hash(Murmur3.prefix(salt), unit)))
                    .isEqualTo(v.get("hash").asLong());
        }
    }

    @Test
    void shouldStayWithinRangeWhenMappingAnyHashToBuckets() {
        qt().forAll(integers().all(), integers().between(1, 1_000_000))
                .checkAssert((hash, count) -> assertThat(Murmur3.bucket(hash, count)).isBetween(0, count - 1));
        assertThat(Murmur3.bucket(0xffffffff, 10_000)).isEqualTo(9_999);
        assertThat(Murmur3.bucket(0, 10_000)).isZero();
        assertThat(Murmur3.bucket(0x80000000, 10_000)).isEqualTo(5_000);
    }

    @Test
    void shouldAllocateNothingWhenHashing() {
        // given
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String unit = "5f0c7c1e-3f4a-4b8e-9a51-2c6d0d9b7e10-müller";
        int sink = 0;
        Murmur3.Prefix prefix = Murmur3.prefix("search-ranking");
        for (int i = 0; i < 200_000; i++) {
            sink += Murmur3.hash("search-ranking", unit) + Murmur3.hash(prefix, unit);
        }

        // when
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += Murmur3.hash("search-ranking", unit) + Murmur3.hash(prefix, unit);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // then: far below one byte per call (a byte[] per call would be > 5 MB)
        assertThat(allocated).as("sink %s", sink).isLessThan(10_000);
    }

    private static long hashOf(JsonNode doc, String description) {
        for (JsonNode v : doc.get("reference")) {
            if (v.get("description").asString().equals(description)) {
                return v.get("hash").asLong();
            }
        }
        throw new AssertionError("no reference vector " + description);
    }

    private static JsonNode vectorsUnchecked() {
        try {
            return vectors();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode vectors() throws Exception {
        try (InputStream in = Murmur3Test.class.getResourceAsStream("/hash-vectors.json")) {
            assertThat(in).as("hash-vectors.json on the test classpath").isNotNull();
            return JSON.readTree(in);
        }
    }
}
