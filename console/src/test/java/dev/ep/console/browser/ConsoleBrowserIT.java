package dev.ep.console.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.config.ConfigServiceApplication;
import dev.ep.console.ConsoleApplication;
import dev.ep.ingest.EventIngestApplication;
import dev.ep.reporting.ReportingServiceApplication;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.ServiceInstance;
import dev.ep.testsupport.TestPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 12, "tested in a real browser": the whole platform in this JVM (test-support's KRaft broker, PostgreSQL and
 * registry; config-service, assignment-service, event-ingest, reporting-service and the console on free ports) and
 * Debian's headless Chromium driving the console as an owner would: sign in, create an experiment (a field error
 * from the API first), start it, send storefront traffic, read the results (a table row and the charts), ramp it
 * with the dry-run preview, pause it with a reason, read the history; diagnostics and the power calculator; then a
 * viewer sees no change control and the server refuses one anyway. Screenshots go to
 * {@code target/screenshots/}; with {@code EP_UPDATE_SCREENSHOTS=true} to {@code docs/screenshots/} (shown in the
 * README), so that a test run leaves the checkout unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private static final String EXPERIMENT = "console-e2e";
    private static final String API_KEY = "console-it-key";
    private static final Path SCREENSHOTS = "true".equals(System.getenv("EP_UPDATE_SCREENSHOTS"))
            ? Path.of("docs", "screenshots") : Path.of("target", "screenshots");

    private final List<ServiceInstance> services = new ArrayList<>();
    private ServiceInstance assignment;
    private ServiceInstance console;
    private ChromeDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startPlatformAndBrowser() throws Exception {
        browser = HeadlessChromium.start();
        Path work = Files.createTempDirectory("console-it");
        String kafka = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        String noDatabase = String.join(",",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

        Map<String, Object> c = kafka(kafka, registry);
        database(c, TestPlatform.postgres().newDatabase("config_service"));
        c.put("ep.config.security.dev-tokens", "true");
        ServiceInstance config = start("config-service", ConfigServiceApplication.class, c);

        Map<String, Object> a = kafka(kafka, registry);
        a.put("ep.assignment.data-dir", work.resolve("assignment").toString());
        a.put("ep.assignment.api-key-hashes", sha256(API_KEY));
        a.put("spring.autoconfigure.exclude", noDatabase);
        assignment = start("assignment-service", AssignmentServiceApplication.class, a);

        Database ingestDb = TestPlatform.postgres().newDatabase("event_ingest");
        Map<String, Object> i = kafka(kafka, registry);
        database(i, ingestDb);
        i.put("spring.kafka.consumer.group-id", "event-ingest-" + UUID.randomUUID());
        i.put("ep.ingest.security.dev-tokens", "true");
        ServiceInstance ingest = start("event-ingest", EventIngestApplication.class, i);

        Map<String, Object> r = kafka(kafka, registry);
        database(r, TestPlatform.postgres().newDatabase("reporting"));
        r.put("spring.kafka.streams.application-id", "ep-reporting-" + UUID.randomUUID().toString().substring(0, 8));
        r.put("spring.kafka.streams.state-dir", work.resolve("reporting-state").toString());
        r.put("ep.reporting.security.dev-tokens", "true");
        r.put("ep.reporting.snapshots.interval", "2s"); // points for the lift chart within the test
        r.put("EP_REPORTING_INGEST_POSTGRES_URL", ingestDb.jdbcUrl());
        ServiceInstance reporting = start("reporting-service", ReportingServiceApplication.class, r);

        Map<String, Object> k = new LinkedHashMap<>();
        k.put("ep.console.config-url", config.baseUri());
        k.put("ep.console.reporting-url", reporting.baseUri());
        k.put("ep.console.assignment-url", assignment.baseUri());
        k.put("ep.console.ingest-url", ingest.baseUri());
        k.put("ep.console.assignment-api-key", API_KEY);
        k.put("spring.autoconfigure.exclude", noDatabase);
        console = start("console", ConsoleApplication.class, k);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }

    @Test
    void shouldLetAnOwnerRunAnExperimentEndToEndAndAViewerOnlyLook() throws Exception {
        // sign in as an owner
        browser.get(console.baseUri() + "/");
        signIn("dev-owner-token");
        assertThat(text("#whoami")).contains("dev-owner").contains("owner");

        // create: a targeting rule checked as it is typed, then a weight error from the API's problem details
        click("#new-experiment");
        type("#f-id", EXPERIMENT);
        type("#f-name", "Console end to end");
        type("#f-hypothesis", "A console makes owners faster");
        type("#f-owner", "team-console");
        type("#f-pages", "checkout");
        type("#f-rule", "{\"in\": {\"attribute\": \"country\", \"values\": 3}}");
        waitFor(() -> !text("#err-f-rule").isBlank());
        assertThat(text("#err-f-rule")).contains("targeting.rule");
        clear("#f-rule");
        waitFor(() -> text("#rule-status").contains("No rule"));
        new Select(find("#f-primaryMetric")).selectByValue("conversion");
        new Select(find("#f-guardrailMetrics")).selectByValue("average_order_value");
        clear("#t-weight-0");
        type("#t-weight-0", "60");
        click("#create-submit");
        waitFor(() -> !text("#err-f-treatments").isBlank());
        assertThat(text("#err-f-treatments")).contains("weights").contains("110"); // config-service's own detail
        screenshot("01-create-field-error");
        clear("#t-weight-0");
        type("#t-weight-0", "50");
        click("#create-submit");
        waitFor(() -> text("#exp-status").equals("DRAFT"));

        // start at 50% with a preview and a reason
        click("#act-start");
        clear("#action-traffic");
        type("#action-traffic", "50");
        type("#action-reason", "first half of the layer");
        assertThat(text("#dialog-confirm")).isEqualTo("Preview");
        click("#dialog-confirm");
        waitFor(() -> present("#preview"));
        assertThat(text("#dialog-confirm")).isEqualTo("Confirm start");
        click("#dialog-confirm");
        waitFor(() -> text("#exp-status").equals("RUNNING"));

        // storefront traffic through assignment-service
        sendTraffic(400);

        // results: a table row for the primary metric and both charts drawn
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().until(() -> {
            browser.navigate().refresh();
            waitFor(() -> present("#results-title"));
            return present("#results-table-conversion") && present("#lift-chart[data-rendered]")
                    && present("#split-chart[data-rendered]");
        });
        List<WebElement> rows = browser.findElements(By.cssSelector("#results-table-conversion tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).getText()).startsWith("treatment");
        scrollTo("#results");
        screenshot("03-results");
        scrollTo("#split-chart");
        screenshot("03-results-charts");

        // ramp to 100% with the dry-run preview: a ramp-up moves no slot
        scrollTo("#actions");
        click("#act-ramp");
        clear("#action-traffic");
        type("#action-traffic", "100");
        type("#action-reason", "no errors at 50%");
        find("#action-reason").sendKeys(Keys.ENTER); // Enter previews first, keyboard only
        waitFor(() -> present("#preview-slots"));
        assertThat(text("#preview-slots")).contains("No slot moves");
        screenshot("04-ramp-preview");
        find("#dialog-confirm").sendKeys(Keys.ENTER); // then confirms
        waitFor(() -> text("#exp-traffic").equals("100%"));

        // a running experiment's targeting (the rule checked as it is typed) and overrides, each with a reason
        click("#act-targeting");
        type("#action-rule", "{\"in\": {\"attribute\": \"country\", \"values\": 3}}");
        waitFor(() -> text("#err-action-rule").contains("targeting.rule"));
        clear("#action-rule");
        type("#action-rule", "{\"in\": {\"attribute\": \"country\", \"values\": [\"DE\", \"AT\"]}}");
        waitFor(() -> text("#err-action-rule").isBlank());
        type("#action-reason", "German-speaking shops only");
        click("#dialog-confirm");
        waitFor(() -> text("#experiment-summary").contains("\"country\""));
        click("#act-overrides");
        clear("#action-overrides");
        type("#action-overrides", "qa-user-1=treatment");
        type("#action-reason", "QA sees the treatment");
        click("#dialog-confirm");
        waitFor(() -> text("#experiment-summary").contains("qa-user-1 → treatment"));

        // pause with a reason; the history shows it with actor and the verified chain
        click("#act-pause");
        type("#action-reason", "end-to-end pause");
        click("#dialog-confirm");
        waitFor(() -> text("#exp-status").equals("PAUSED"));
        waitFor(() -> present("#history-table"));
        assertThat(text("#history-table")).contains("EXPERIMENT_PAUSED").contains("end-to-end pause")
                .contains("dev-owner").contains("no errors at 50%").contains("German-speaking shops only")
                .contains("QA sees the treatment");
        assertThat(text("#audit-verify")).contains("intact");
        scrollTo("#history");
        screenshot("05-history");

        // the list with its health badge, the layer's bucket map
        browser.get(console.baseUri() + "/#/experiments");
        waitFor(() -> present("[data-health='" + EXPERIMENT + "'] .badge"));
        screenshot("02-experiments");
        browser.get(console.baseUri() + "/#/layers");
        waitFor(() -> present("#layer-chart-default[data-rendered]"));
        assertThat(text("#layer-table-default")).contains(EXPERIMENT);
        screenshot("06-layers");

        // explain (the console adds assignment-service's key for a signed-in caller) and the power calculator
        browser.get(console.baseUri() + "/#/diagnostics");
        type("#x-session", "s-1");
        type("#x-page", "checkout");
        click("#explain-form button[type=submit]");
        waitFor(() -> present("#explain-json"));
        assertThat(text("#explain-json")).contains(EXPERIMENT);
        browser.get(console.baseUri() + "/#/power");
        type("#p-daily", "1000");
        click("#power-submit");
        waitFor(() -> present("#power-answer"));
        assertThat(text("#power-answer")).contains("units per arm").contains("days");
        screenshot("08-power");

        // a viewer: everything visible, no change control, and the server refuses a change anyway
        click("#sign-out");
        signIn("dev-viewer-token");
        browser.get(console.baseUri() + "/#/diagnostics");
        type("#d-session", "s-1");
        click("#timeline-form button[type=submit]");
        waitFor(() -> present("#timeline-table"));
        assertThat(text("#timeline-table")).contains("decision").contains(EXPERIMENT);
        screenshot("07-diagnostics");
        browser.get(console.baseUri() + "/#/experiments");
        waitFor(() -> present("#experiments-table"));
        assertThat(present("#new-experiment")).isFalse();
        browser.get(console.baseUri() + "/#/experiments/" + EXPERIMENT);
        waitFor(() -> present("#read-only-note"));
        assertThat(browser.findElements(By.cssSelector("#actions button"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("button[id^=act-]"))).isEmpty();
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/config/v1/experiments/%s/resume', {method: 'POST', headers: {
                  'Authorization': 'Bearer ' + sessionStorage.getItem('ep.console.token'),
                  'Content-Type': 'application/json'}, body: '{"reason": "viewer"}'})
                  .then(r => r.json().then(j => done(r.status + ' ' + j.code)));
                """.formatted(EXPERIMENT));
        assertThat(status).isEqualTo("403 FORBIDDEN");
        screenshot("09-viewer");
        assertThat(unlabelledInputs()).isZero();

        // and the contrast audit that checked every screenshot above can fail: text too light for its background
        ((JavascriptExecutor) browser).executeScript("""
                const p = document.createElement('p');
                p.id = 'low-contrast-probe';
                p.textContent = 'grey on grey';
                p.style.cssText = 'color: #777777; background: #888888';
                document.querySelector('main').prepend(p);""");
        assertThat(contrastFailures()).singleElement().asString().startsWith("p#low-contrast-probe \"grey on grey\"");
    }

    // --- the storefront ---

    private void sendTraffic(int sessions) throws Exception {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> assign("s-probe").contains(EXPERIMENT));
        Random random = new Random(12);
        for (int n = 1; n <= sessions; n++) {
            String session = "s-" + n;
            String decision = assign(session);
            boolean treated = decision.contains("\"treatment\":\"treatment\"");
            String now = Instant.now().toString();
            StringBuilder events = new StringBuilder("{\"eventId\":\"" + session + "-pv\",\"type\":\"page_view\","
                    + "\"time\":\"" + now + "\",\"sessionId\":\"" + session + "\",\"page\":\"checkout\"}");
            if (random.nextDouble() < (treated ? 0.30 : 0.15)) {
                events.append(",{\"eventId\":\"" + session + "-o\",\"type\":\"order\",\"time\":\"" + now
                        + "\",\"sessionId\":\"" + session + "\",\"value\":" + (2000 + random.nextInt(6000))
                        + ",\"currency\":\"EUR\",\"orderId\":\"o-" + n + "\"}");
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(assignment.baseUri() + "/v1/events"))
                    .header("X-Api-Key", API_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[" + events + "]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
    }

    private String assign(String session) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(assignment.baseUri()
                        + "/v1/assign?sessionId=" + session + "&page=checkout&cover=all"))
                .header("X-Api-Key", API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    // --- the browser ---

    private void signIn(String token) {
        waitFor(() -> present("#token") && find("#token").isDisplayed());
        type("#token", token);
        click("#sign-in");
        waitFor(() -> find("#whoami").isDisplayed() && !text("#whoami").isBlank());
    }

    private WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    private boolean present(String css) {
        return !browser.findElements(By.cssSelector(css)).isEmpty();
    }

    private String text(String css) {
        return find(css).getText().strip();
    }

    private void click(String css) {
        waitFor(() -> present(css) && find(css).isEnabled());
        scrollTo(css);
        find(css).click();
    }

    private void type(String css, String text) {
        waitFor(() -> present(css));
        find(css).sendKeys(text);
    }

    private void clear(String css) {
        waitFor(() -> present(css));
        WebElement e = find(css);
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    }

    private void scrollTo(String css) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", find(css));
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(RuntimeException.class)
                .until(d -> condition.getAsBoolean());
    }

    /** Each screenshot is also a WCAG AA contrast check of what the page shows at that moment. */
    private void screenshot(String name) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(contrastFailures()).as("WCAG AA contrast on " + name).isEmpty();
    }

    /** Visible text below WCAG 2.1 AA contrast (1.4.3) against its composited background (contrast-audit.js). */
    private List<String> contrastFailures() throws Exception {
        String script;
        try (var in = ConsoleBrowserIT.class.getResourceAsStream("contrast-audit.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Object failures = ((JavascriptExecutor) browser).executeScript(script);
        return ((List<?>) failures).stream().map(String::valueOf).toList();
    }

    /** Accessibility: every visible input, select and textarea has a label (for=id) or an aria-label. */
    private long unlabelledInputs() {
        Object n = ((JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                  .length;""");
        return ((Number) n).longValue();
    }

    // --- the platform ---

    private ServiceInstance start(String name, Class<?> application, Map<String, Object> settings) {
        ServiceInstance s = ServiceInstance.start(name, application, settings);
        services.add(s);
        return s;
    }

    private static Map<String, Object> kafka(String bootstrap, String registry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spring.kafka.bootstrap-servers", bootstrap);
        m.put("spring.kafka.properties.schema.registry.url", registry);
        m.put("ep.schema-registry.url", registry);
        return m;
    }

    private static void database(Map<String, Object> m, Database db) {
        m.put("spring.datasource.url", db.jdbcUrl());
        m.put("spring.datasource.username", db.username());
        m.put("spring.datasource.password", db.password());
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
