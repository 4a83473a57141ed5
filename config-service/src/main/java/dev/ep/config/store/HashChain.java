package dev.ep.config.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash of one event: lower-case hex SHA-256 over a canonical encoding of (sequence, aggregate type, aggregate
 * id, aggregate version, event type, canonical payload JSON, actor, reason, time in epoch milliseconds, previous
 * hash). Each field is written as {@code <UTF-8 byte length>:<value>\n}, an absent value (no reason, no previous
 * hash) as {@code -\n}, so no two different field lists encode alike. The chain runs over all events in global
 * sequence order; changing, removing or reordering any stored event changes every later hash.
 */
public final class HashChain {

    private HashChain() {
    }

    public static String hash(long sequence, String aggregateType, String aggregateId, int version, String eventType,
            String canonicalPayload, String actor, String reason, Instant time, String previousHash) {
        StringBuilder b = new StringBuilder(canonicalPayload.length() + 256);
        field(b, Long.toString(sequence));
        field(b, aggregateType);
        field(b, aggregateId);
        field(b, Integer.toString(version));
        field(b, eventType);
        field(b, canonicalPayload);
        field(b, actor);
        field(b, reason);
        field(b, Long.toString(time.toEpochMilli()));
        field(b, previousHash);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void field(StringBuilder b, String value) {
        if (value == null) {
            b.append("-\n");
        } else {
            b.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append('\n');
        }
    }
}
