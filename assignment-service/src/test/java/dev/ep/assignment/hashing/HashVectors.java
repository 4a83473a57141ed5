package dev.ep.assignment.hashing;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the published cross-language vectors ({@code src/test/resources/hash-vectors.json}, copied to
 * {@code docs/hash-vectors.json}). Independent of the service on purpose: the encoding is written out here again
 * from the specification (not taken from {@link HashSpace}) and every expected hash comes from Guava's
 * {@code Hashing.murmur3_32_fixed()}, not from {@link Murmur3}; {@code HashSpaceTest} and {@code Murmur3Test} check
 * the service against the file.
 *
 * <p>Regenerate: {@code java -cp <test classpath> dev.ep.assignment.hashing.HashVectors <file>...}
 */
final class HashVectors {

    static final String ENCODING = "UTF-8 bytes of purpose + \":\" + L + \":\" + namespace + \":\" + unitId, where "
            + "purpose is bucket, slot or holdout and L is the decimal byte length of the UTF-8 encoding of namespace "
            + "(no leading zeros)";

    /** Namespaces per purpose, as they occur (layer ids, experiment salts, holdout salts) and adversarial ones. */
    static final Map<String, List<String>> NAMESPACES = namespaces();

    /**
     * Unit ids: typical, empty, {@code ':'} inside, 200+ characters, non-ASCII (2-, 3- and 4-byte UTF-8, combining
     * marks, regional indicators).
     */
    static final List<String> UNIT_IDS = List.of("s-1", "session-0001", "user-42",
            "5f0c7c1e-3f4a-4b8e-9a51-2c6d0d9b7e10", "", "b", "1:b", "a:b:c", ":", "x".repeat(200),
            "u-" + "0123456789".repeat(25), "müller", "björk@example.com", "日本語ユーザー", "😀-user", "e\u0301cole",
            "\uD83C\uDDE9\uD83C\uDDEA");

    /**
     * Inputs that were identical under the old encoding ({@code salt + ":" + unitId}, one space for all purposes)
     * and are distinct now: {purpose, namespace, unitId} twice, and what went wrong.
     */
    static final List<Object[]> SEPARATED = List.of(
            new Object[] {"experiment id = layer id (issue 8: slot hash = bucket hash, every assigned unit got control)",
                    "bucket", "search", "s-1", "slot", "search", "s-1"},
            new Object[] {"experiment salt = another layer's id (the two layers were correlated)",
                    "slot", "checkout", "s-1", "bucket", "checkout", "s-1"},
            new Object[] {"a layer named holdout (collided with the holdout)",
                    "bucket", "holdout", "s-1", "holdout", "holdout", "s-1"},
            new Object[] {"experiment salt = the holdout salt",
                    "slot", "holdout", "user-42", "holdout", "holdout", "user-42"},
            new Object[] {"':' in the namespace against ':' in the unit id",
                    "bucket", "a:1", "b", "bucket", "a", "1:b"},
            new Object[] {"':' in a salt against ':' in the unit id",
                    "slot", "exp:2024", "s-1", "slot", "exp", "2024:s-1"},
            new Object[] {"a namespace that looks like a length field",
                    "bucket", "1:a", "b", "bucket", "1", "a:b"},
            new Object[] {"empty namespace against ':' namespace",
                    "bucket", "", "::x", "bucket", ":", ":x"});

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

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private HashVectors() {
    }

    public static void main(String[] args) throws Exception {
        String json = JSON.writeValueAsString(document()) + "\n";
        for (String file : args) {
            Files.writeString(Path.of(file), json, StandardCharsets.UTF_8);
        }
    }

    static Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("algorithm", "MurmurHash3_x86_32");
        doc.put("seed", 0);
        doc.put("encoding", ENCODING);
        Map<String, String> purposes = new LinkedHashMap<>();
        purposes.put("bucket", "layer bucket: namespace = layer id, n = the layer's bucketCount (10000)");
        purposes.put("slot", "treatment slot: namespace = experiment salt (defaults to the experiment id), "
                + "n = the experiment's slotCount (10000)");
        purposes.put("holdout", "platform holdout: namespace = holdout salt (default holdout), n = 10000, "
                + "held out when the value < basisPoints");
        doc.put("purposes", purposes);
        doc.put("hash", "unsigned 32-bit integer");
        doc.put("value", "floor(hash * n / 2^32); scaled10000 is n = 10000, scaled100 is n = 100");
        doc.put("source", "encoding written independently of the service's HashSpace, hashes computed with Guava "
                + "Hashing.murmur3_32_fixed(), independently of the service's Murmur3");
        List<Map<String, Object>> vectors = new ArrayList<>();
        NAMESPACES.forEach((purpose, namespaces) -> {
            for (String namespace : namespaces) {
                for (String unit : UNIT_IDS) {
                    vectors.add(vector(purpose, namespace, unit));
                }
            }
        });
        doc.put("vectors", vectors);
        List<Map<String, Object>> separated = new ArrayList<>();
        for (Object[] s : SEPARATED) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("case", s[0]);
            v.put("oldInput", s[2] + ":" + s[3]);
            v.put("a", vector((String) s[1], (String) s[2], (String) s[3]));
            v.put("b", vector((String) s[4], (String) s[5], (String) s[6]));
            separated.add(v);
        }
        doc.put("separated", separated);
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

    /** The committed vectors file (test classpath copy). */
    static JsonNode load() {
        try (InputStream in = HashVectors.class.getResourceAsStream("/hash-vectors.json")) {
            if (in == null) {
                throw new IllegalStateException("hash-vectors.json is not on the test classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> vector(String purpose, String namespace, String unit) {
        int length = namespace.getBytes(StandardCharsets.UTF_8).length;
        String input = purpose + ":" + length + ":" + namespace + ":" + unit;
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        long hash = Integer.toUnsignedLong(Hashing.murmur3_32_fixed().hashBytes(bytes).asInt());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("purpose", purpose);
        v.put("namespace", namespace);
        v.put("unitId", unit);
        v.put("input", input);
        v.put("utf8Hex", HexFormat.of().formatHex(bytes));
        v.put("hash", hash);
        v.put("scaled10000", (hash * 10_000) >>> 32);
        v.put("scaled100", (hash * 100) >>> 32);
        return v;
    }

    private static Map<String, List<String>> namespaces() {
        Map<String, List<String>> n = new LinkedHashMap<>();
        // layer ids; "holdout" and "search" are also used as a holdout salt and an experiment salt below
        n.put("bucket", List.of("default", "checkout", "search", "search-ranking", "holdout", "Ü-layer", "a:1", "a",
                ""));
        // experiment salts: equal to a layer id ("search": an experiment named like its layer, "checkout": another
        // layer's id), equal to the holdout salt, with ':' inside, empty
        n.put("slot", List.of("search", "checkout", "exp-free-shipping", "holdout", "a:1", "a", ""));
        n.put("holdout", List.of("holdout", "search", ""));
        return n;
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
