package dev.ep.assignment.hashing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3 x86_32 (Austin Appleby's public-domain algorithm), written from its description: 4-byte
 * little-endian blocks mixed with the constants {@code c1 = 0xcc9e2d51}, {@code c2 = 0x1b873593}, rotations 15 and
 * 13, {@code h = h * 5 + 0xe6546b64}; a 1–3 byte tail; length xor and the {@code fmix32} finaliser.
 *
 * <p>The service never hashes a bare string: every input starts with a {@link HashSpace}'s prefix
 * ({@code purpose:L:namespace:}), whose hash state is precomputed once per layer, experiment or holdout as a
 * {@link Prefix}; {@link #hash(Prefix, String)} then continues with the unit id's UTF-8 bytes, encoded on the fly, so
 * the hot path allocates nothing (no concatenated string, no byte array). Prefixes can only be made by
 * {@link HashSpace}, so no caller can hash outside the three domain-separated spaces. Unpaired surrogates are encoded
 * as {@code '?'}, exactly as {@link String#getBytes(java.nio.charset.Charset)} does with UTF-8. The published
 * specification and cross-language vectors are in {@code docs/hashing.md} and {@code docs/hash-vectors.json}.
 */
public final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;
    private static final VarHandle LITTLE_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Murmur3() {
    }

    /**
     * The hash state after a hash space's prefix {@code purpose:L:namespace:}: MurmurHash3 consumes its input in
     * order, so this part is computed once per layer, experiment or holdout and {@link #hash(Prefix, String)}
     * continues with the unit id only. Immutable; made by {@link HashSpace#prefix(String)}.
     */
    public static final class Prefix {
        private final HashSpace space;
        private final String namespace;
        private final String text;
        private final int h;
        private final int block;
        private final int inBlock;
        private final int length;

        private Prefix(HashSpace space, String namespace, String text, int h, int block, int inBlock, int length) {
            this.space = space;
            this.namespace = namespace;
            this.text = text;
            this.h = h;
            this.block = block;
            this.inBlock = inBlock;
            this.length = length;
        }

        public HashSpace space() {
            return space;
        }

        public String namespace() {
            return namespace;
        }

        /** The prefix text, {@code purpose:L:namespace:}. */
        public String text() {
            return text;
        }

        /** The exact text {@link #hash(Prefix, String)} hashes for {@code unitId} (for explanations; allocates). */
        public String input(String unitId) {
            return text + unitId;
        }

        @Override
        public String toString() {
            return "Prefix[" + text + "]";
        }
    }

    /** Precomputes the hash state of {@code text} (a hash space's prefix, built by {@link HashSpace}). */
    static Prefix prefix(HashSpace space, String namespace, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int h = 0;
        int blocks = bytes.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (bytes[4 * i] & 0xff) | (bytes[4 * i + 1] & 0xff) << 8 | (bytes[4 * i + 2] & 0xff) << 16
                    | (bytes[4 * i + 3] & 0xff) << 24;
            h = mixH(h, mixK(k));
        }
        int block = 0;
        int inBlock = bytes.length & 3;
        for (int i = 0; i < inBlock; i++) {
            block |= (bytes[4 * blocks + i] & 0xff) << (8 * i);
        }
        return new Prefix(space, namespace, text, h, block, inBlock, bytes.length);
    }

    /**
     * The hash of the prefix text followed by {@code unitId}'s UTF-8 bytes (equal to {@code hash(utf8(prefix.input(unitId)), 0)}),
     * hashing only the unit id's bytes; allocation-free.
     */
    public static int hash(Prefix prefix, String unitId) {
        int h = prefix.h;
        int block = prefix.block;
        int inBlock = prefix.inBlock;
        int length = prefix.length;
        int n = unitId.length();
        for (int i = 0; i < n; i++) {
            char c = unitId.charAt(i);
            if (c < 0x80) {
                block |= c << (inBlock << 3);
                length++;
                if (++inBlock == 4) {
                    h = mixH(h, mixK(block));
                    block = 0;
                    inBlock = 0;
                }
                continue;
            }
            int encoded;
            int count;
            if (c < 0x800) {
                encoded = (0xc0 | (c >>> 6)) | (0x80 | (c & 0x3f)) << 8;
                count = 2;
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < n ? unitId.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                    int cp = Character.toCodePoint(c, low);
                    encoded = (0xf0 | (cp >>> 18))
                            | (0x80 | ((cp >>> 12) & 0x3f)) << 8
                            | (0x80 | ((cp >>> 6) & 0x3f)) << 16
                            | (0x80 | (cp & 0x3f)) << 24;
                    count = 4;
                    i++;
                } else {
                    encoded = '?';
                    count = 1;
                }
            } else {
                encoded = (0xe0 | (c >>> 12)) | (0x80 | ((c >>> 6) & 0x3f)) << 8 | (0x80 | (c & 0x3f)) << 16;
                count = 3;
            }
            for (int b = 0; b < count; b++) {
                block |= ((encoded >>> (8 * b)) & 0xff) << (8 * inBlock);
                if (++inBlock == 4) {
                    h = mixH(h, mixK(block));
                    block = 0;
                    inBlock = 0;
                }
            }
            length += count;
        }
        if (inBlock > 0) {
            h ^= mixK(block);
        }
        return fmix(h ^ length);
    }

    /**
     * The same hash as {@link #hash(Prefix, String)} from the unit id already encoded: {@code utf8} must be
     * {@code unitId.getBytes(UTF_8)} (which encodes unpaired surrogates as {@code '?'}, as the string form does). For
     * a request that hashes one unit id in many spaces (one per layer, one per assigned experiment): the id is
     * encoded once, and each hash reads it four bytes at a time instead of encoding it character by character.
     * Allocation-free.
     */
    public static int hash(Prefix prefix, byte[] utf8) {
        int h = prefix.h;
        int n = utf8.length;
        int inBlock = prefix.inBlock;
        int i = 0;
        int block = prefix.block;
        if (inBlock > 0) {
            // complete the prefix's partial block with the id's first bytes
            int fill = Math.min(4 - inBlock, n);
            for (; i < fill; i++) {
                block |= (utf8[i] & 0xff) << (8 * (inBlock + i));
            }
            if (inBlock + fill < 4) {
                return fmix((h ^ mixK(block)) ^ (prefix.length + n));
            }
            h = mixH(h, mixK(block));
            block = 0;
        }
        int end = n - 3;
        for (; i < end; i += 4) {
            h = mixH(h, mixK((int) LITTLE_ENDIAN_INT.get(utf8, i)));
        }
        int tail = n - i;
        if (tail > 0) {
            for (int b = 0; b < tail; b++) {
                block |= (utf8[i + b] & 0xff) << (8 * b);
            }
            h ^= mixK(block);
        }
        return fmix(h ^ (prefix.length + n));
    }

    /**
     * A unit id prepared once for the many hashes of one request (one per layer, one per assigned experiment, the
     * holdout's). A prefix leaves 0–3 bytes of its last block pending; for each of these four alignments the id is
     * cut the same way for every prefix: the bytes that complete the pending block (the head), whole 4-byte blocks,
     * and 0–3 tail bytes. The blocks and the tail are put through MurmurHash3's block mix ({@code k × c1}, rotation
     * 15, {@code × c2}) here, once, as it does not depend on the hash state; a hash from it
     * ({@link #hash(Prefix, Unit)}) then does the state update per block, one block mix for the head, and no
     * per-byte work. Size: {@code 4 × (⌊bytes / 4⌋ + 2)} ints. Immutable.
     */
    public static final class Unit {
        /** Per alignment {@code a}, from {@code a × stride}: head bytes (in place), tail (mixed), blocks (mixed). */
        private final int[] mixed;
        private final int stride;
        private final int length;

        private Unit(byte[] utf8) {
            int n = utf8.length;
            this.length = n;
            this.stride = (n >>> 2) + 2;
            this.mixed = new int[4 * stride];
            for (int a = 0; a < 4; a++) {
                int base = a * stride;
                int offset = Math.min((4 - a) & 3, n);
                int head = 0;
                for (int i = 0; i < offset; i++) {
                    head |= (utf8[i] & 0xff) << (8 * (a + i));
                }
                mixed[base] = head;
                int blocks = (n - offset) >>> 2;
                for (int j = 0; j < blocks; j++) {
                    int at = offset + 4 * j;
                    mixed[base + 2 + j] = mixK((utf8[at] & 0xff) | (utf8[at + 1] & 0xff) << 8
                            | (utf8[at + 2] & 0xff) << 16 | (utf8[at + 3] & 0xff) << 24);
                }
                int tail = 0;
                for (int i = offset + 4 * blocks, shift = 0; i < n; i++, shift += 8) {
                    tail |= (utf8[i] & 0xff) << shift;
                }
                mixed[base + 1] = mixK(tail); // 0 without a tail: mixK(0) = 0, and h ^ 0 = h
            }
        }

        /** {@code unitId}'s UTF-8 bytes prepared for hashing (unpaired surrogates become {@code '?'}). */
        public static Unit of(String unitId) {
            return new Unit(unitId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * The same hash as {@link #hash(Prefix, String)} and {@link #hash(Prefix, byte[])}, from a unit id prepared
     * once ({@link Unit}): each of a request's many hashes does the state update per block, one block mix for the
     * bytes that complete the prefix's pending block, and the finaliser. Allocation-free.
     */
    public static int hash(Prefix prefix, Unit unit) {
        int[] mixed = unit.mixed;
        int inBlock = prefix.inBlock;
        int base = inBlock * unit.stride;
        int n = unit.length;
        int h = prefix.h;
        if (inBlock > 0) {
            int block = prefix.block | mixed[base];
            if (inBlock + n < 4) {
                // the id does not even complete the prefix's pending block: it is the tail
                return fmix((h ^ mixK(block)) ^ (prefix.length + n));
            }
            h = mixH(h, mixK(block));
        }
        int end = base + 2 + ((n - ((4 - inBlock) & 3)) >>> 2);
        for (int j = base + 2; j < end; j++) {
            h = mixH(h, mixed[j]);
        }
        h ^= mixed[base + 1];
        return fmix(h ^ (prefix.length + n));
    }

    /** {@code bucket(hash(prefix, unit), count)}. */
    public static int bucket(Prefix prefix, Unit unit, int count) {
        return bucket(hash(prefix, unit), count);
    }

    /** {@code bucket(hash(prefix, utf8), count)}. */
    public static int bucket(Prefix prefix, byte[] utf8, int count) {
        return bucket(hash(prefix, utf8), count);
    }

    /** {@code bucket(hash(prefix, unitId), count)}. */
    public static int bucket(Prefix prefix, String unitId, int count) {
        return bucket(hash(prefix, unitId), count);
    }

    /** The 32-bit hash of {@code data} with the given seed: the reference form, used by the tests and vectors. */
    public static int hash(byte[] data, int seed) {
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16
                    | (data[4 * i + 3] & 0xff) << 24;
            h = mixH(h, mixK(k));
        }
        int tail = 4 * blocks;
        int k = 0;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[tail] & 0xff;
                h ^= mixK(k);
                break;
            default:
                break;
        }
        return fmix(h ^ data.length);
    }

    /**
     * ⌊h × count / 2³²⌋ with h read unsigned: the bucket (or slot) in {@code [0, count)}. Exact integer arithmetic,
     * the same in any language with 64-bit integers.
     */
    public static int bucket(int hash, int count) {
        return (int) (((hash & 0xffffffffL) * count) >>> 32);
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int mixH(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
