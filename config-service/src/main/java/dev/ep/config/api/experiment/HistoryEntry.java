package dev.ep.config.api.experiment;

import java.time.Instant;

import dev.ep.config.store.StoredEvent;
import dev.ep.config.view.Json;
import tools.jackson.databind.JsonNode;

/** One event of an aggregate's history, as stored (payload, who, why, when, hash chain links). */
public record HistoryEntry(long sequence, int version, String type, String actor, String reason, Instant time,
        JsonNode payload, String hash, String previousHash) {

    public static HistoryEntry of(StoredEvent e) {
        return new HistoryEntry(e.sequence(), e.version(), e.type(), e.actor(), e.reason().orElse(null), e.time(),
                Json.parse(e.payload()), e.hash(), e.previousHash().orElse(null));
    }
}
