package dev.ep.assignment.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.google.common.hash.Hashing;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The algorithm: the well-known reference vectors, Guava agreement, prefix continuation, range, no allocation. */
class Murmur3Test {

    @Test
    void shouldMatchTheWellKnownReferenceVectorsWhenHashingBytes() {
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
    void shouldAgreeWithGuavaWhenContinuingAnyPrefixWithAnyUnitId() {
        qt().withExamples(5_000)
                .forAll(arbitrary().enumValues(HashSpace.class), strings().allPossible().ofLengthBetween(0, 40),
                        strings().allPossible().ofLengthBetween(0, 40))
                .checkAssert((space, namespace, unit) -> assertThat(Murmur3.hash(space.prefix(namespace), unit))
                        .isEqualTo(Hashing.murmur3_32_fixed().hashBytes(space.encode(namespace, unit)).asInt()));
    }

    @Test
    void shouldEqualTheStringFormWhenHashingTheUnitIdsEncodedBytes() {
        // namespaces of every length mod 4 (the prefix leaves 0-3 bytes pending), ids of any length, any characters
        // (unpaired surrogates included: getBytes(UTF_8) encodes them as '?', as the string form does)
        qt().withExamples(10_000)
                .forAll(arbitrary().enumValues(HashSpace.class), strings().allPossible().ofLengthBetween(0, 9),
                        strings().allPossible().ofLengthBetween(0, 40),
                        strings().betweenCodePoints(0xD700, 0xE100).ofLengthBetween(0, 12))
                .checkAssert((space, namespace, unit, surrogates) -> {
                    Murmur3.Prefix prefix = space.prefix(namespace);
                    for (String id : List.of(unit, surrogates, unit + surrogates)) {
                        assertThat(Murmur3.hash(prefix, id.getBytes(StandardCharsets.UTF_8)))
                                .as("%s %s %s", space, namespace, id).isEqualTo(Murmur3.hash(prefix, id));
                        assertThat(Murmur3.bucket(prefix, id.getBytes(StandardCharsets.UTF_8), 10_000))
                                .isEqualTo(Murmur3.bucket(prefix, id, 10_000));
                    }
                });
    }

    @Test
    void shouldEqualTheStringFormWhenHashingAPreparedUnitId() {
        // every prefix alignment (namespaces of any length: 0-3 bytes pending), ids of every length (shorter than the
        // pending block's rest included), any characters, unpaired surrogates included
        qt().withExamples(10_000)
                .forAll(arbitrary().enumValues(HashSpace.class), strings().allPossible().ofLengthBetween(0, 9),
                        strings().allPossible().ofLengthBetween(0, 40),
                        strings().betweenCodePoints(0xD700, 0xE100).ofLengthBetween(0, 12))
                .checkAssert((space, namespace, unit, surrogates) -> {
                    Murmur3.Prefix prefix = space.prefix(namespace);
                    for (String id : List.of(unit, surrogates, unit + surrogates)) {
                        Murmur3.Unit prepared = Murmur3.Unit.of(id);
                        assertThat(Murmur3.hash(prefix, prepared)).as("%s %s %s", space, namespace, id)
                                .isEqualTo(Murmur3.hash(prefix, id));
                        assertThat(Murmur3.bucket(prefix, prepared, 10_000))
                                .isEqualTo(Murmur3.bucket(prefix, id, 10_000));
                    }
                });
        // one prepared id hashed under prefixes of all four alignments, ids of 0 to 12 bytes
        for (int length = 0; length <= 12; length++) {
            String id = "abcdefghijkl".substring(0, length);
            Murmur3.Unit prepared = Murmur3.Unit.of(id);
            for (String namespace : List.of("l", "la", "lay", "layr", "layer")) {
                Murmur3.Prefix prefix = HashSpace.BUCKET.prefix(namespace);
                assertThat(Murmur3.hash(prefix, prepared)).as("%s %s", namespace, id)
                        .isEqualTo(Murmur3.hash(HashSpace.BUCKET.encode(namespace, id), 0));
            }
        }
    }

    @Test
    void shouldEqualTheByteFormWhenUnitIdsContainSurrogatesOrNonAscii() {
        qt().withExamples(5_000)
                .forAll(strings().betweenCodePoints(0, 0x10FFFF).ofLengthBetween(0, 20),
                        strings().betweenCodePoints(0xD700, 0xE100).ofLengthBetween(0, 20))
                .checkAssert((namespace, unit) -> {
                    Murmur3.Prefix prefix = HashSpace.SLOT.prefix(namespace);
                    assertThat(Murmur3.hash(prefix, unit)).isEqualTo(
                            Murmur3.hash(prefix.input(unit).getBytes(StandardCharsets.UTF_8), 0));
                });
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
        Murmur3.Prefix bucket = HashSpace.BUCKET.prefix("search-ranking");
        Murmur3.Prefix slot = HashSpace.SLOT.prefix("search-ranking");
        Murmur3.Prefix holdout = HashSpace.HOLDOUT.prefix("holdout");
        for (int i = 0; i < 200_000; i++) {
            sink += Murmur3.hash(bucket, unit) + Murmur3.bucket(slot, unit, 10_000) + Murmur3.hash(holdout, unit);
        }

        Murmur3.Unit prepared = Murmur3.Unit.of(unit);
        for (int i = 0; i < 200_000; i++) {
            sink += Murmur3.hash(bucket, prepared) + Murmur3.bucket(slot, prepared, 10_000);
        }

        // when: the hot path's three hashes, from precomputed prefixes (and from a unit id prepared once)
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += Murmur3.hash(bucket, unit) + Murmur3.bucket(slot, unit, 10_000) + Murmur3.hash(holdout, unit);
            sink += Murmur3.hash(bucket, prepared) + Murmur3.bucket(slot, prepared, 10_000);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // then: far below one byte per call (a byte[] per call would be > 15 MB)
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

    private static JsonNode vectors() {
        return HashVectors.load();
    }
}
