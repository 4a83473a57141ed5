package dev.ep.simulator.http;

import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.model.ExperimentSpec;
import dev.ep.simulator.model.LayerSpec;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.model.TreatmentSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Sets a run up through config-service's public API, as an experiment owner would: the model's layers (admin
 * token), the holdout (admin token; only when the model asks for one), then each experiment (owner token) created
 * with its QA overrides and started at its traffic. Ids carry the run id ({@link RunIds}), so a run never collides
 * with an earlier one. Then it waits until assignment-service serves that configuration (its health shows the
 * configuration version, which is config-service's event sequence).
 */
public final class PlatformSetup {

    private final Http http;
    private final String config;
    private final String ownerToken;
    private final String adminToken;
    private final String ownerTeam;

    public PlatformSetup(Http http, URI configBase, String ownerToken, String adminToken, String ownerTeam) {
        this.http = http;
        this.config = configBase.toString().replaceAll("/+$", "");
        this.ownerToken = ownerToken;
        this.adminToken = adminToken;
        this.ownerTeam = ownerTeam;
    }

    /** What the run set up: phase per experiment (platform id), the holdout as the platform has it, last sequence. */
    public record Setup(Map<String, Integer> phases, int holdoutBasisPoints, String holdoutUnit, long lastSequence) {
    }

    public Setup setUp(ShopModel model, RunIds ids, Map<String, Map<String, String>> overrides) {
        for (LayerSpec layer : model.layers()) {
            Map<String, Object> body = Map.of("id", ids.layer(layer.id()), "name", "simulated " + layer.id(),
                    "description", "created by the simulator, run " + ids.runId(), "unit", layer.unit().wire());
            expect(http.send("POST", uri("/v1/layers"), body, "Authorization", bearer(adminToken)), "create layer "
                    + ids.layer(layer.id()));
        }
        if (model.holdout().basisPoints() > 0) {
            Map<String, Object> body = Map.of("basisPoints", model.holdout().basisPoints(), "unit",
                    model.holdout().unit().wire(), "reason", "simulator run " + ids.runId());
            Http.Reply r = http.send("PUT", uri("/v1/holdout"), body, "Authorization", bearer(adminToken));
            if (r.status() != 409) { // 409 NO_CHANGE: already so
                expect(r, "set the holdout");
            }
        }
        JsonNode holdout = expect(http.send("GET", uri("/v1/holdout"), null, "Authorization", bearer(ownerToken)),
                "read the holdout");
        Map<String, Integer> phases = new LinkedHashMap<>();
        long lastSequence = 0;
        for (ExperimentSpec e : model.experiments()) {
            String id = ids.experiment(e.id());
            List<Map<String, Object>> treatments = new ArrayList<>();
            for (TreatmentSpec t : e.treatments()) {
                Map<String, Object> tb = new LinkedHashMap<>();
                tb.put("name", t.name());
                tb.put("description", "simulated " + t.name());
                tb.put("control", t.control());
                tb.put("weight", t.weightBasisPoints());
                tb.put("variables", Map.of("variant", t.name()));
                treatments.add(tb);
            }
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("id", id);
            definition.put("name", "Simulated " + e.id());
            definition.put("hypothesis", e.isAa() ? "A/A: no difference" : "planted: " + e.effects());
            definition.put("owner", ownerTeam);
            definition.put("layer", ids.layer(e.layer()));
            definition.put("treatments", treatments);
            definition.put("targeting", Map.of("pages", e.pages()));
            definition.put("primaryMetric", "conversion");
            definition.put("guardrailMetrics", List.of("average_order_value"));
            definition.put("overrides", overrides.getOrDefault(id, Map.of()));
            expect(http.send("POST", uri("/v1/experiments"), definition, "Authorization", bearer(ownerToken)),
                    "create experiment " + id);
            JsonNode started = expect(http.send("POST", uri("/v1/experiments/" + id + "/start"),
                    Map.of("trafficBasisPoints", e.trafficBasisPoints(), "reason", "simulator run " + ids.runId()),
                    "Authorization", bearer(ownerToken)), "start experiment " + id);
            phases.put(id, started.path("phase").asInt(1));
            JsonNode history = expect(http.send("GET", uri("/v1/experiments/" + id + "/history"), null,
                    "Authorization", bearer(ownerToken)), "read the history of " + id);
            for (JsonNode h : history) {
                lastSequence = Math.max(lastSequence, h.path("sequence").asLong());
            }
        }
        return new Setup(phases, holdout.path("basisPoints").asInt(), holdout.path("unit").asString("session"),
                lastSequence);
    }

    /** Waits until assignment-service's configuration version reaches {@code sequence}. */
    public static void awaitServed(Http http, URI assignmentBase, long sequence, Duration timeout)
            throws InterruptedException {
        URI health = URI.create(assignmentBase.toString().replaceAll("/+$", "") + "/actuator/health");
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            Http.Reply r = http.send("GET", health, null);
            if (r.body() != null && r.status() > 0) {
                try {
                    seen = r.json().path("components").path("config").path("details").path("configVersion").asLong(-1);
                    if (seen >= sequence) {
                        return;
                    }
                } catch (RuntimeException ignored) {
                    // not JSON yet (starting): try again
                }
            }
            Thread.sleep(200);
        }
        throw new SetupException("assignment-service at " + assignmentBase + " did not serve configuration version "
                + sequence + " within " + timeout + " (last seen " + seen + ")");
    }

    private JsonNode expect(Http.Reply reply, String what) {
        if (!reply.ok()) {
            throw new SetupException(what + " at " + config + ": " + (reply.status() == 0 ? reply.error()
                    : "HTTP " + reply.status() + " " + reply.body()));
        }
        return reply.json();
    }

    private URI uri(String path) {
        return URI.create(config + path);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The platform refused or could not be reached while setting the run up. */
    public static final class SetupException extends RuntimeException {

        public SetupException(String message) {
            super(message);
        }
    }
}
