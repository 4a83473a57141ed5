package dev.ep.assignment.hashing;

import java.nio.charset.StandardCharsets;

/**
 * The three hash spaces of assignment, one per purpose. Every hash is MurmurHash3 x86_32, seed 0, over the UTF-8
 * bytes of
 *
 * <pre>{@code purpose + ":" + L + ":" + namespace + ":" + unitId}</pre>
 *
 * where {@code L} is the decimal byte length of the namespace's UTF-8 encoding (no leading zeros). Example:
 * {@code bucket:6:search:s-1}.
 *
 * <p>Why: with one shared space ({@code salt + ":" + unitId}) an experiment whose salt equalled its layer's id got a
 * slot hash equal to its bucket hash (issue 8: layer {@code search}, experiment {@code search}, 50% traffic, 50/50:
 * every assigned session got {@code control}), a salt equal to another layer's id correlated two layers, a layer
 * named {@code holdout} collided with the holdout, and {@code a:1} + {@code b} hashed like {@code a} + {@code 1:b}.
 * This encoding is injective: the purpose never contains {@code ':'} and the purposes differ, so the first field
 * names the space; {@code L} is digits only and ends at the next {@code ':'}; it says exactly how many bytes the
 * namespace takes, whatever it contains; what follows the namespace's closing {@code ':'} is the unit id, whatever
 * it contains. Distinct (purpose, namespace, unit id) triples are therefore distinct byte strings, so equal hashes
 * can only be MurmurHash3 collisions of different inputs, never structural ones.
 */
public enum HashSpace {

    /** The layer bucket: namespace = the layer id, n = the layer's bucket count. */
    BUCKET("bucket"),
    /** The treatment slot: namespace = the experiment salt (by default its id), n = the experiment's slot count. */
    SLOT("slot"),
    /** The platform holdout: namespace = the holdout salt, n = 10,000. */
    HOLDOUT("holdout");

    /** The encoding in one line, for explanations and documents. */
    public static final String SPEC = "h = murmur3_x86_32(utf8(purpose + ':' + L + ':' + namespace + ':' + unitId), "
            + "seed 0) read unsigned, L = byte length of utf8(namespace); value = floor(h * n / 2^32); purposes: "
            + "bucket (namespace = layer id), slot (experiment salt), holdout (holdout salt)";

    private final String purpose;

    HashSpace(String purpose) {
        this.purpose = purpose;
    }

    /** The purpose word that starts every input of this space: {@code bucket}, {@code slot} or {@code holdout}. */
    public String purpose() {
        return purpose;
    }

    /** {@code purpose:L:namespace:}, the part of every input that does not depend on the unit. */
    public String prefixText(String namespace) {
        return purpose + ":" + utf8Length(namespace) + ":" + namespace + ":";
    }

    /** The exact text hashed for {@code unitId} in {@code namespace} ({@code bucket:6:search:s-1}). */
    public String input(String namespace, String unitId) {
        return prefixText(namespace) + unitId;
    }

    /** The exact bytes hashed: UTF-8 of {@link #input}. */
    public byte[] encode(String namespace, String unitId) {
        return input(namespace, unitId).getBytes(StandardCharsets.UTF_8);
    }

    /** The precomputed hash state of {@link #prefixText}; compile it once, hash units with {@link Murmur3#hash}. */
    public Murmur3.Prefix prefix(String namespace) {
        return Murmur3.prefix(this, namespace, prefixText(namespace));
    }

    /**
     * The 32-bit hash (read it unsigned) of {@link #encode}, computed from the encoded bytes: the reference form for
     * tests and one-off explanations. The hot path uses {@link #prefix} and {@link Murmur3#hash(Murmur3.Prefix,
     * String)}, which give the same value without allocating.
     */
    public int hash(String namespace, String unitId) {
        return Murmur3.hash(encode(namespace, unitId), 0);
    }

    /** ⌊hash × n / 2³²⌋: the bucket, slot or holdout bucket of {@code unitId} in {@code namespace}. */
    public int scaled(String namespace, String unitId, int n) {
        return Murmur3.bucket(hash(namespace, unitId), n);
    }

    /** The byte length of the UTF-8 encoding (unpaired surrogates count as the one byte {@code '?'} they become). */
    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
