package dev.ep.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** One child process of the platform, its output appended to its log file. */
final class ManagedProcess {

    private final ProcessSpec spec;
    private final Process process;

    private ManagedProcess(ProcessSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    static ManagedProcess start(ProcessSpec spec) throws IOException {
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        Files.writeString(spec.logFile(),
                "---- " + Instant.now() + " starting " + spec.name() + ": " + String.join(" ", spec.command()) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .directory(spec.workingDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
        spec.applyEnvironment(builder.environment());
        Process process = builder.start();
        process.getOutputStream().close(); // nothing reads stdin; a closed pipe beats a forever-open one
        return new ManagedProcess(spec, process);
    }

    String name() {
        return spec.name();
    }

    Path logFile() {
        return spec.logFile();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended. */
    OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits for the process to end by itself (a tool run to completion); false on timeout. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks the process to stop (SIGTERM), without waiting. */
    void requestStop() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    /**
     * Stops the process: SIGTERM, then up to {@code grace} for a clean shutdown, then SIGKILL.
     *
     * @return true when it ended within the grace period
     */
    boolean stop(Duration grace) {
        requestStop();
        boolean clean = awaitExit(grace);
        if (!clean) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        return clean;
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
