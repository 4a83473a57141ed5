package dev.ep.config.store;

import java.time.Instant;
import java.util.Optional;

import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigEvent;

/**
 * One row of the event log: the event with its envelope (global sequence, aggregate version, who, why, when) and
 * its place in the hash chain.
 *
 * @param payload canonical JSON text of the event ({@link EventJson}), as hashed
 */
public record StoredEvent(long sequence, AggregateRef aggregate, int version, String type, String payload,
        String actor, Optional<String> reason, Instant time, Optional<String> previousHash, String hash,
        ConfigEvent event) {

    /** The hash this row should have, recomputed from its content and the given previous hash. */
    public String expectedHash(String previous) {
        return HashChain.hash(sequence, aggregate.type().name(), aggregate.id(), version, type, payload, actor,
                reason.orElse(null), time, previous);
    }
}
