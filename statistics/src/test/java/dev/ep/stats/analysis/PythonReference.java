package dev.ep.stats.analysis;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code reference.py} under Debian's Python, whose {@code python3-scipy} and {@code python3-statsmodels}
 * compute the reference figures. Without them a test is aborted with the install command, unless
 * {@code EP_REQUIRE_PYTHON_STATS=true} (set by {@code .ci/run}, which installs them), where it fails.
 */
final class PythonReference {

    static final String REQUIRED_ENV = "EP_REQUIRE_PYTHON_STATS";
    static final String INSTALL = "apt-get install -y python3-scipy python3-statsmodels";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String python;

    private PythonReference(String python) {
        this.python = python;
    }

    /** The interpreter, or a failed/aborted test saying how to install the modules. */
    static PythonReference require() throws Exception {
        // Debian's interpreter is the one its packages install into; a pyenv python3 earlier on PATH lacks them.
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        String missing;
        try {
            Result probe = run(List.of(python, "-c", "import numpy, scipy.stats, statsmodels.stats.power"), "");
            missing = probe.exitCode() == 0 ? null : probe.output().strip();
        } catch (IOException e) {
            missing = python + " cannot be run: " + e.getMessage();
        }
        if (missing != null) {
            String message = "scipy/statsmodels are not usable with " + python + " (" + missing + "); install them with: "
                    + INSTALL;
            if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
                fail(message + " (" + REQUIRED_ENV + "=true makes this test mandatory)");
            }
            Assumptions.abort(message + " (set " + REQUIRED_ENV + "=true to make this a failure)");
        }
        return new PythonReference(python);
    }

    /** Sends {@code {"cases": [...]}} and returns the script's array of answers, one per case. */
    JsonNode compute(Object document) throws Exception {
        Path script = Path.of(PythonReference.class.getResource("reference.py").toURI());
        Result result = run(List.of(python, script.toString()), JSON.writeValueAsString(document));
        if (result.exitCode() != 0) {
            fail("reference.py failed:%n%s", result.output());
        }
        return JSON.readTree(result.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("%s did not finish", command);
        }
        return new Result(process.exitValue(), output.join());
    }

    private static String read(InputStream stream) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
