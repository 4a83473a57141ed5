package dev.ep.assignment.hashing;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the published cross-language vectors ({@code src/test/resources/hash-vectors.json}, copied to
 * {@code docs/hash-vectors.json}). Every expected value comes from Guava's {@code Hashing.murmur3_32_fixed()}, an
 * implementation independent of {@link Murmur3}; {@code HashVectorsTest} checks both against the file.
 *
 * <p>Regenerate: {@code java -cp <test classpath> dev.ep.assignment.hashing.HashVectors <file>...}
 */
final class HashVectors {

    static final int BUCKETS = 10_000;

    /** Salts as they occur: layer ids, experiment salts, the holdout salt, and edge cases. */
    static final List<String> SALTS = List.of("default", "checkout", "search-ranking", "exp-free-shipping",
            "exp-free-shipping-2", "holdout", "", "Ü-layer");

    /** Unit ids: typical, empty, long, and non-ASCII (2-, 3- and 4-byte UTF-8, combining marks). */
    static final List<String> UNIT_IDS = List.of("s-1", "s-2", "session-0001", "user-42",
            "5f0c7c1e-3f4a-4b8e-9a51-2c6d0d9b7e10", "", "a", "ab", "abc", "abcd", "abcde",
            "x".repeat(200), "müller", "björk@example.com", "日本語ユーザー", "😀-user", "e\u0301cole", "Ωμέγα",
            "\uD83C\uDDE9\uD83C\uDDEA", "tab\tand space");

    /** Well-known MurmurHash3 x86_32 vectors from the algorithm's public test suites (input bytes, seed). */
    static final List<Object[]> REFERENCE = List.of(
            new Object[] {"empty input, seed 0", "", 0},
            new Object[] {"empty input, seed 1", "", 1},
            new Object[] {"empty input, seed 0xffffffff", "", 0xffffffff},
            new Object[] {"four zero bytes, seed 0", "00000000", 0},
            new Object[] {"'test', seed 0", hex("test"), 0},
            new Object[] {"'Hello, world!', seed 0", hex("Hello, world!"), 0},
            new Object[] {"'The quick brown fox jumps over the lazy dog', seed 0",
                    hex("The quick brown fox jumps over the lazy dog"), 0},
            new Object[] {"'aaaa', seed 0x9747b28c", hex("aaaa"), 0x9747b28c},
            new Object[] {"'abc', seed 0x9747b28c", hex("abc"), 0x9747b28c},
            new Object[] {"'Hello, world!', seed 0x9747b28c", hex("Hello, world!"), 0x9747b28c},
            new Object[] {"'The quick brown fox jumps over the lazy dog', seed 0x9747b28c",
                    hex("The quick brown fox jumps over the lazy dog"), 0x9747b28c});

    private HashVectors() {
    }

    public static void main(String[] args) throws Exception {
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        String json = mapper.writeValueAsString(document()) + "\n";
        for (String file : args) {
            Files.writeString(Path.of(file), json, StandardCharsets.UTF_8);
        }
    }

    static Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("algorithm", "MurmurHash3_x86_32");
        doc.put("seed", 0);
        doc.put("input", "UTF-8 bytes of salt + \":\" + unitId");
        doc.put("hash", "unsigned 32-bit integer");
        doc.put("bucket", "floor(hash * buckets / 2^32)");
        doc.put("source", "expected values computed with Guava Hashing.murmur3_32_fixed(), independently of the "
                + "service's implementation");
        List<Map<String, Object>> vectors = new ArrayList<>();
        for (String salt : SALTS) {
            for (String unit : UNIT_IDS) {
                String input = salt + ":" + unit;
                byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
                long hash = Integer.toUnsignedLong(Hashing.murmur3_32_fixed().hashBytes(bytes).asInt());
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("salt", salt);
                v.put("unitId", unit);
                v.put("utf8Hex", HexFormat.of().formatHex(bytes));
                v.put("hash", hash);
                v.put("buckets", BUCKETS);
                v.put("bucket", (hash * BUCKETS) >>> 32);
                v.put("slots100", (hash * 100) >>> 32);
                vectors.add(v);
            }
        }
        doc.put("vectors", vectors);
        List<Map<String, Object>> reference = new ArrayList<>();
        for (Object[] r : REFERENCE) {
            byte[] bytes = HexFormat.of().parseHex((String) r[1]);
            int seed = (Integer) r[2];
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("description", r[0]);
            v.put("inputHex", r[1]);
            v.put("seed", Integer.toUnsignedLong(seed));
            v.put("hash", Integer.toUnsignedLong(Hashing.murmur3_32_fixed(seed).hashBytes(bytes).asInt()));
            reference.add(v);
        }
        doc.put("reference", reference);
        return doc;
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
