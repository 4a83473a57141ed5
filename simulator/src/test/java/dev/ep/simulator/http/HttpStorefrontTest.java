package dev.ep.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ep.simulator.engine.SessionPlan;
import dev.ep.simulator.engine.Storefront;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.MemoryLedger;
import dev.ep.simulator.ledger.RunHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The request shapes and the ledger records of the HTTP storefront, against canned answers from the JDK's HTTP
 * server (the real assignment-service is driven by {@code SimulationIT}).
 */
class HttpStorefrontTest {

    /** A token as assignment-service issues it: phase 2, slot 4321. */
    private static final String TOKEN = ExposureTokenFactsTest.token(2, 4321, false, 7);

    private final Map<String, String> requests = new ConcurrentHashMap<>();
    private HttpServer server;
    private MemoryLedger ledger;
    private HttpStorefront storefront;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer("/v1/assign", 200, """
                {"configVersion":7,"sessionId":"s-1","holdout":false,"assignments":[{"experimentId":"x-r","layerId":"l-r",
                 "treatment":"green","variables":{},"forced":false,"exposureToken":"%s"}],"covered":[]}"""
                .formatted(TOKEN));
        answer("/v1/coverage", 200, """
                {"configVersion":7,"items":[{"experimentId":"x-r","status":"covered","treatment":"green"}]}""");
        answer("/v1/events", 503, "{\"code\":\"UNAVAILABLE\"}");
        server.start();
        ledger = new MemoryLedger(new RunHeader("r", 1, "m", "accelerated", 0, 0, "session", 10, List.of()), 1000);
        storefront = new HttpStorefront(new Http(Duration.ofSeconds(5)),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "key-1", "EUR", ledger);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldSendWhatAStorefrontSendsAndRecordEveryCallWhenPagesRenderAndTrack() {
        Storefront.Visit visit = new Storefront.Visit(new SessionPlan(1, "s-1", 0, "u-1", null, null), "u-1",
                "checkout", 2, 1234);

        Storefront.Assignments a = storefront.assign(visit);
        storefront.cover(visit, a.assignments());
        storefront.track(visit, List.of(new Storefront.TrackEvent("e-1", "order", 4599L, "o-1")));

        assertThat(a.assignments()).singleElement().satisfies(x -> {
            assertThat(x.treatment()).isEqualTo("green");
            assertThat(x.token()).isEqualTo(TOKEN);
        });
        JsonNode assign = Http.JSON.readTree(requests.get("/v1/assign"));
        assertThat(assign.path("sessionId").asString()).isEqualTo("s-1");
        assertThat(assign.path("userId").asString()).isEqualTo("u-1");
        assertThat(assign.path("page").asString()).isEqualTo("checkout");
        assertThat(Http.JSON.readTree(requests.get("/v1/coverage")).path("tokens").get(0).asString()).isEqualTo(TOKEN);
        JsonNode order = Http.JSON.readTree(requests.get("/v1/events")).path("events").get(0);
        assertThat(order.path("value").asLong()).isEqualTo(4599);
        assertThat(order.path("currency").asString()).isEqualTo("EUR");
        assertThat(order.path("orderId").asString()).isEqualTo("o-1");
        assertThat(requests.get("key")).isEqualTo("key-1");

        List<LedgerEntry> entries = ledger.contents().entries();
        assertThat(entries).extracting(LedgerEntry::call).containsExactly("assign", "cover", "track");
        assertThat(entries.get(0).assignments()).containsExactly(new LedgerEntry.Assigned("x-r", "l-r", "green", false, 2, 4321));
        assertThat(entries.get(0).holdout()).isFalse();
        assertThat(entries.get(1).coverage()).containsExactly(new LedgerEntry.Covered("x-r", "green", "covered", 2, 4321));
        assertThat(entries.get(2).status()).isEqualTo(503);
        assertThat(entries.get(2).error()).contains("UNAVAILABLE");
        assertThat(entries.get(2).events()).extracting(LedgerEntry.Sent::id).containsExactly("e-1");
        assertThat(entries).allSatisfy(e -> assertThat(e.latencyMicros()).isPositive());
    }

    @Test
    void shouldRecordStatusZeroAndRenderNothingWhenNothingAnswers() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HttpStorefront nowhere = new HttpStorefront(new Http(Duration.ofSeconds(2)),
                URI.create("http://127.0.0.1:" + closedPort), null, "EUR", ledger);

        Storefront.Assignments a = nowhere.assign(new Storefront.Visit(new SessionPlan(1, "s-1", 0, null, null, null),
                null, "landing", 0, 0));

        assertThat(a.ok()).isFalse();
        assertThat(a.assignments()).isEmpty();
        LedgerEntry entry = ledger.contents().entries().get(0);
        assertThat(entry.status()).isZero();
        assertThat(entry.error()).isNotBlank();
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            requests.put(path, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String key = exchange.getRequestHeaders().getFirst("X-Api-Key");
            if (key != null) {
                requests.put("key", key);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
