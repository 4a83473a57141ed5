package dev.ep.ingest.archive;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * An order-independent checksum of a set of rows: the row count and the sum of a 60-bit hash of each row's canonical
 * text (the first 15 hex digits of its MD5). PostgreSQL computes the same by SQL over a partition
 * ({@link ArchiveTables.Kind#pgCanonical}), so a file read back by DuckDB is compared with the partition without
 * trusting the code that wrote it. A row's canonical text is the concatenation of its columns, each {@code -} when
 * NULL or {@code <UTF-8 byte length>:<text>} otherwise (unambiguous whatever the text contains). MD5 is used as a
 * content fingerprint against accidents (a truncated or wrongly converted file), not against an adversary who
 * can write the archive directory.
 *
 * @param rows number of rows
 * @param sum sum of the rows' 60-bit hashes (exact, never wraps)
 */
public record Checksum(long rows, BigInteger sum) {

    public static final Checksum EMPTY = new Checksum(0, BigInteger.ZERO);

    public Checksum {
        if (rows < 0 || sum == null || sum.signum() < 0) {
            throw new IllegalArgumentException("a checksum has a non-negative row count and sum");
        }
    }

    /** The checksum with one more row, given its column values in canonical text (null = NULL). */
    public Checksum plus(List<String> values) {
        return new Checksum(rows + 1, sum.add(BigInteger.valueOf(hash(canonical(values)))));
    }

    /** The canonical text of a row. */
    public static String canonical(List<String> values) {
        StringBuilder text = new StringBuilder();
        for (String value : values) {
            if (value == null) {
                text.append('-');
            } else {
                text.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
            }
        }
        return text.toString();
    }

    /** The first 60 bits of the MD5 of the text's UTF-8 bytes, as PostgreSQL's {@code ('x' || substr(md5(t), 1, 15))::bit(60)::bigint}. */
    static long hash(String canonical) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(canonical.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (md5[i] & 0xFF);
            }
            return value >>> 4;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** The text stored in the manifest: {@code <rows>:<sum>}. */
    public String text() {
        return rows + ":" + sum;
    }
}
