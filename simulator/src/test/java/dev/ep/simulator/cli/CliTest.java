package dev.ep.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.simulator.ledger.LedgerReader;
import dev.ep.simulator.model.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end in offline mode (the platform path is {@code SimulationIT}'s). */
class CliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldExitZeroAndWriteLedgerAndReportWhenEveryValidationPasses() throws Exception {
        int code = cli("run", "--mode", "offline", "--sessions", "1500", "--seed", "5", "--run-id", "c1",
                "--report", dir.toString(), "--no-progress");

        assertThat(code).as(text(out) + text(err)).isZero();
        assertThat(text(out)).contains("PASS 0 ledger integrity", "PASS 1 SLA", "PASS 2 no conflicting treatments",
                "PASS 3 traffic distribution");
        assertThat(LedgerReader.read(dir.resolve("ledger.jsonl")).header().runId()).isEqualTo("c1");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| 3 traffic distribution | PASS |");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<svg", "The split", "Results over time");
    }

    @Test
    void shouldRunTheDemoShopCleanlyWhenOffline() throws Exception {
        int code = cli("demo", "--mode", "offline", "--sessions", "2500", "--run-id", "d1", "--report", dir.toString(),
                "--no-progress");

        assertThat(code).as(text(out) + text(err)).isZero();
        assertThat(text(out)).doesNotContain("FAIL");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("one-page-checkout-d1", "loyalty-banner-d1");
    }

    @Test
    void shouldExitOneWhenAValidationFails() throws Exception {
        // a coverage bug too small to be flagged: validation 3 must say that the planted bug went unseen
        Path model = dir.resolve("model.yaml");
        String yaml = Files.readString(Path.of(ModelLoader.class.getResource(ModelLoader.DEFAULT_RESOURCE).toURI()))
                .replace("underReport: 0.5", "underReport: 0.01");
        Files.writeString(model, yaml);

        int code = cli("run", "--mode", "offline", "--model", model.toString(), "--sessions", "1500", "--run-id", "c2",
                "--report", dir.toString(), "--no-progress");

        assertThat(code).isEqualTo(Cli.FAILED);
        assertThat(text(out)).contains("FAIL 3 traffic distribution").contains("was not flagged");
    }

    @Test
    void shouldExitTwoWhenTheArgumentsAreWrong() {
        assertThat(cli("run", "--sesions", "10")).isEqualTo(Cli.USAGE);
        assertThat(text(err)).contains("unknown option '--sesions'");
        assertThat(cli("run", "--mode", "fast")).isEqualTo(Cli.USAGE);
        assertThat(cli()).isEqualTo(Cli.USAGE);
        assertThat(cli("frobnicate")).isEqualTo(Cli.USAGE);
    }

    @Test
    void shouldRefuseALoadOutOfBoundsBeforeContactingThePlatform() {
        // the config URL is unreachable: a usage error (2), not an unreachable platform (3), shows nothing was sent
        assertThat(cli("load", "--rate", "0", "--config", "http://127.0.0.1:1")).isEqualTo(Cli.USAGE);
        assertThat(text(err)).contains("--rate");
        assertThat(cli("load", "--connections", "5000", "--config", "http://127.0.0.1:1")).isEqualTo(Cli.USAGE);
        assertThat(cli("load", "--sessions", "10")).isEqualTo(Cli.USAGE);
        assertThat(text(err)).contains("--sessions is an option of run, not of load");
    }

    @Test
    void shouldExitThreeWhenTheLoadsPlatformCannotBeReached() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }

        assertThat(cli("load", "--config", "http://127.0.0.1:" + closed, "--assignment", "http://127.0.0.1:" + closed,
                "--seconds", "1")).isEqualTo(Cli.PLATFORM);
    }

    @Test
    void shouldExitThreeWhenThePlatformCannotBeReached() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }

        int code = cli("run", "--config", "http://127.0.0.1:" + closed, "--assignment", "http://127.0.0.1:" + closed,
                "--sessions", "10", "--report", dir.toString(), "--no-progress");

        assertThat(code).isEqualTo(Cli.PLATFORM);
        assertThat(text(err)).contains("could not be set up");
    }

    private int cli(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private static String text(ByteArrayOutputStream s) {
        return s.toString(StandardCharsets.UTF_8);
    }
}
