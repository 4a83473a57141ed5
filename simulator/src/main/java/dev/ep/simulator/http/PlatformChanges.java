package dev.ep.simulator.http;

import dev.ep.simulator.engine.ConfigChanger;
import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.model.ChangeSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Makes the model's scheduled changes through config-service's public API with the owner token, as an experiment
 * owner would: {@code PUT /v1/experiments/{id}/weights} (weights in basis points; opens the next phase) or
 * {@code POST /v1/experiments/{id}/ramp}. Then it reads the change's event sequence from the experiment's history
 * and waits until assignment-service serves that configuration version ({@link PlatformSetup#awaitServed}), so the
 * storefront's next call is decided with it. What the change did (phase, weights, traffic, the moved slot ranges and
 * the phase's start) is taken from config-service's answer, not from the model.
 */
public final class PlatformChanges implements ConfigChanger {

    private final Http http;
    private final String config;
    private final URI assignment;
    private final String ownerToken;
    private final RunIds ids;
    private final Duration servedWithin;

    public PlatformChanges(Http http, URI configBase, URI assignmentBase, String ownerToken, RunIds ids,
            Duration servedWithin) {
        this.http = http;
        this.config = configBase.toString().replaceAll("/+$", "");
        this.assignment = assignmentBase;
        this.ownerToken = ownerToken;
        this.ids = ids;
        this.servedWithin = servedWithin;
    }

    @Override
    public LedgerEntry.Change apply(ChangeSpec change) throws InterruptedException {
        String id = ids.experiment(change.experiment());
        String reason = change.reason() != null ? change.reason() : "simulator run " + ids.runId() + ": scheduled "
                + (change.isRamp() ? "ramp" : "weight change") + " at " + change.at() + " of the sessions";
        Http.Reply reply = change.isRamp()
                ? http.send("POST", uri("/v1/experiments/" + id + "/ramp"),
                        Map.of("trafficBasisPoints", change.rampBasisPoints(), "reason", reason),
                        "Authorization", "Bearer " + ownerToken)
                : http.send("PUT", uri("/v1/experiments/" + id + "/weights"),
                        Map.of("weights", change.weightsBasisPoints(), "reason", reason),
                        "Authorization", "Bearer " + ownerToken);
        JsonNode view = expect(reply, (change.isRamp() ? "ramp " : "change the weights of ") + id);
        JsonNode history = expect(http.send("GET", uri("/v1/experiments/" + id + "/history"), null,
                "Authorization", "Bearer " + ownerToken), "read the history of " + id);
        long sequence = 0;
        for (JsonNode h : history) {
            sequence = Math.max(sequence, h.path("sequence").asLong());
        }
        PlatformSetup.awaitServed(http, assignment, sequence, servedWithin);
        int phase = view.path("phase").asInt();
        JsonNode current = null;
        for (JsonNode p : view.path("phases")) {
            if (p.path("number").asInt() == phase) {
                current = p;
            }
        }
        if (current == null) {
            throw new PlatformSetup.SetupException("config-service's answer to the change of " + id
                    + " lacks its phase " + phase);
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (JsonNode w : current.path("weights")) {
            weights.put(w.path("treatment").asString(), w.path("weightBasisPoints").asInt());
        }
        List<LedgerEntry.SlotRange> moved = new ArrayList<>();
        long startedAt;
        if (change.isRamp()) {
            startedAt = System.currentTimeMillis();
        } else {
            for (JsonNode r : current.path("changedSlots")) {
                moved.add(new LedgerEntry.SlotRange(r.path("start").asInt(), r.path("end").asInt()));
            }
            startedAt = instant(current.path("startedAt"));
        }
        return new LedgerEntry.Change(id, change.isRamp() ? LedgerEntry.Change.RAMP : LedgerEntry.Change.WEIGHTS,
                phase, sequence, startedAt, weights, view.path("trafficBasisPoints").asInt(), moved, reason);
    }

    private static long instant(JsonNode node) {
        return node.isNumber() ? Math.round(node.asDouble() * 1000) : Instant.parse(node.asString()).toEpochMilli();
    }

    private JsonNode expect(Http.Reply reply, String what) {
        if (!reply.ok()) {
            throw new PlatformSetup.SetupException(what + " at " + config + ": " + (reply.status() == 0
                    ? reply.error() : "HTTP " + reply.status() + " " + reply.body()));
        }
        return reply.json();
    }

    private URI uri(String path) {
        return URI.create(config + path);
    }
}
