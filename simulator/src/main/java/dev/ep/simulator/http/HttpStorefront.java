package dev.ep.simulator.http;

import dev.ep.simulator.engine.Storefront;
import dev.ep.simulator.ledger.Ledger;
import dev.ep.simulator.ledger.LedgerEntry;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The storefront against assignment-service, as a shop's pages would call it: {@code POST /v1/assign} for the
 * page, {@code POST /v1/coverage} with the exposure tokens of what the page rendered, {@code POST /v1/events} with
 * the page's events (times from the wall clock, values in minor units of the platform currency). Every call, with
 * its status and latency, is appended to the ledger as soon as its answer is read. A failed call is not retried (a
 * storefront would not hold the page for it): it stays in the ledger for the validations to judge.
 */
public final class HttpStorefront implements Storefront {

    private final Http http;
    private final URI assign;
    private final URI coverage;
    private final URI events;
    private final String apiKey;
    private final String currency;
    private final Ledger ledger;

    public HttpStorefront(Http http, URI assignmentBase, String apiKey, String currency, Ledger ledger) {
        this.http = http;
        String base = assignmentBase.toString().replaceAll("/+$", "");
        this.assign = URI.create(base + "/v1/assign");
        this.coverage = URI.create(base + "/v1/coverage");
        this.events = URI.create(base + "/v1/events");
        this.apiKey = apiKey;
        this.currency = currency;
        this.ledger = ledger;
    }

    @Override
    public Assignments assign(Visit visit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", visit.session().sessionId());
        if (visit.userId() != null) {
            body.put("userId", visit.userId());
        }
        body.put("page", visit.page());
        long wall = System.currentTimeMillis();
        Http.Reply reply = http.send("POST", assign, body, "X-Api-Key", apiKey);
        Assignments result = Assignments.FAILED;
        Long version = null;
        String error = reply.error();
        if (reply.ok()) {
            try {
                JsonNode json = reply.json();
                version = json.path("configVersion").asLong();
                List<Assignment> list = new ArrayList<>();
                for (JsonNode a : json.path("assignments")) {
                    String token = a.path("exposureToken").asString();
                    ExposureTokenFacts facts = ExposureTokenFacts.read(token).orElse(null);
                    list.add(new Assignment(a.path("experimentId").asString(), a.path("layerId").asString(),
                            a.path("treatment").asString(), a.path("forced").asBoolean(), token,
                            facts == null ? 0 : facts.phase(), facts == null ? null : facts.slot()));
                }
                result = new Assignments(true, json.path("holdout").asBoolean(), List.copyOf(list));
            } catch (RuntimeException e) {
                error = "unreadable answer: " + e.getMessage();
            }
        } else if (error == null) {
            error = abbreviate(reply.body());
        }
        List<LedgerEntry.Assigned> recorded = result.assignments().stream()
                .map(a -> new LedgerEntry.Assigned(a.experimentId(), a.layerId(), a.treatment(), a.forced(),
                        a.phase(), a.slot()))
                .toList();
        ledger.append(entry(visit, wall, LedgerEntry.ASSIGN, reply, error, result.ok() ? result.holdout() : null,
                version, recorded, null, null));
        return result;
    }

    @Override
    public void cover(Visit visit, List<Assignment> rendered) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", visit.session().sessionId());
        body.put("page", visit.page());
        body.put("tokens", rendered.stream().map(Assignment::token).toList());
        long wall = System.currentTimeMillis();
        Http.Reply reply = http.send("POST", coverage, body, "X-Api-Key", apiKey);
        List<LedgerEntry.Covered> items = new ArrayList<>();
        Long version = null;
        String error = reply.error();
        if (reply.ok()) {
            try {
                JsonNode json = reply.json();
                version = json.path("configVersion").asLong();
                for (JsonNode item : json.path("items")) {
                    String experiment = item.path("experimentId").asString();
                    Assignment served = servedOf(rendered, experiment);
                    items.add(new LedgerEntry.Covered(experiment,
                            item.path("treatment").isMissingNode() || item.path("treatment").isNull()
                                    ? (served == null ? null : served.treatment())
                                    : item.path("treatment").asString(),
                            item.path("status").asString(), served == null ? 0 : served.phase(),
                            served == null ? null : served.slot()));
                }
            } catch (RuntimeException e) {
                error = "unreadable answer: " + e.getMessage();
            }
        } else {
            error = error == null ? abbreviate(reply.body()) : error;
            for (Assignment a : rendered) {
                items.add(new LedgerEntry.Covered(a.experimentId(), a.treatment(), "failed", a.phase(), a.slot()));
            }
        }
        ledger.append(entry(visit, wall, LedgerEntry.COVER, reply, error, null, version, null, items, null));
    }

    @Override
    public void track(Visit visit, List<TrackEvent> batch) {
        String time = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<Map<String, Object>> list = new ArrayList<>();
        for (TrackEvent e : batch) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventId", e.eventId());
            event.put("type", e.type());
            event.put("time", time);
            event.put("sessionId", visit.session().sessionId());
            if (visit.userId() != null) {
                event.put("userId", visit.userId());
            }
            event.put("page", visit.page());
            if (e.value() != null) {
                event.put("value", e.value());
                event.put("currency", currency);
            }
            if (e.orderId() != null) {
                event.put("orderId", e.orderId());
            }
            list.add(event);
        }
        long wall = System.currentTimeMillis();
        Http.Reply reply = http.send("POST", events, Map.of("events", list), "X-Api-Key", apiKey);
        String error = reply.ok() ? null : reply.error() == null ? abbreviate(reply.body()) : reply.error();
        List<LedgerEntry.Sent> sent = batch.stream()
                .map(e -> new LedgerEntry.Sent(e.eventId(), e.type(), e.value(), e.orderId())).toList();
        ledger.append(entry(visit, wall, LedgerEntry.TRACK, reply, error, null, null, null, null, sent));
    }

    private static LedgerEntry entry(Visit visit, long wall, String call, Http.Reply reply, String error,
            Boolean holdout, Long version, List<LedgerEntry.Assigned> assigned, List<LedgerEntry.Covered> covered,
            List<LedgerEntry.Sent> sent) {
        return new LedgerEntry(0, wall, visit.simMillis(), visit.session().sessionId(), visit.session().index(),
                visit.session().qa(), visit.userId(), visit.page(), visit.pageIndex(), call, reply.status(),
                reply.latencyMicros(), error, holdout, version, assigned, covered, sent);
    }

    private static Assignment servedOf(List<Assignment> rendered, String experiment) {
        return rendered.stream().filter(a -> a.experimentId().equals(experiment)).findFirst().orElse(null);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "no body";
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
