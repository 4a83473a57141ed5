package dev.ep.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Which history of config-service's event store a record of the config topics belongs to. Every record the relay
 * writes to {@code ep.config.experiments} and {@code ep.config.changes} carries three UTF-8 decimal/text headers:
 * <ul>
 *   <li>{@value #EPOCH}: the lineage. It starts at 0 and goes up by one each time config-service finds its database
 *       behind what it already published (restored from a backup): from then on the global {@code sequence} starts
 *       again below values already on the topic, and consumers must order records by (epoch, sequence), never by
 *       sequence alone. A record without the header (written before lineages existed) is epoch 0.</li>
 *   <li>{@value #WITNESS_SEQUENCE} and {@value #WITNESS_HASH}: an event of the store that was committed when the record
 *       was published (the record's own event, or the newest event when a new epoch republished the state) and its
 *       chain hash. config-service checks at start that its database still holds this event with this hash; if not,
 *       the database went back (or forked) and a new epoch begins.</li>
 * </ul>
 * Headers, not Avro fields, so the released schemas stay as they are and a reader that ignores them still works
 * within one epoch.
 */
public final class ConfigLineage {

    public static final String EPOCH = "ep.config.epoch";
    public static final String WITNESS_SEQUENCE = "ep.config.witness.sequence";
    public static final String WITNESS_HASH = "ep.config.witness.hash";

    private ConfigLineage() {
    }

    /** An event of the store that a published record vouches for: its sequence and chain hash. */
    public record Witness(long sequence, String hash) {
    }

    /** The record's epoch: the header's value, 0 when absent or not a non-negative decimal number. */
    public static long epochOf(Headers headers) {
        return text(headers, EPOCH).map(ConfigLineage::parse).orElse(0L);
    }

    /** The witness the record carries, if it carries a valid one. */
    public static Optional<Witness> witnessOf(Headers headers) {
        Optional<String> sequence = text(headers, WITNESS_SEQUENCE);
        Optional<String> hash = text(headers, WITNESS_HASH);
        if (sequence.isEmpty() || hash.isEmpty() || parse(sequence.get()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Witness(parse(sequence.get()), hash.get()));
    }

    /** Stamps a record: replaces any lineage headers it has. */
    public static void stamp(Headers headers, long epoch, Witness witness) {
        headers.remove(EPOCH);
        headers.remove(WITNESS_SEQUENCE);
        headers.remove(WITNESS_HASH);
        headers.add(EPOCH, Long.toString(epoch).getBytes(StandardCharsets.UTF_8));
        headers.add(WITNESS_SEQUENCE, Long.toString(witness.sequence()).getBytes(StandardCharsets.UTF_8));
        headers.add(WITNESS_HASH, witness.hash().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static long parse(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Long.parseLong(text);
    }
}
