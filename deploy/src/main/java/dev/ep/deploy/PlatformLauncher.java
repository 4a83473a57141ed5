package dev.ep.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one-command local platform: {@code java -jar deploy/target/deploy-*.jar start} (what {@code ./platform start}
 * runs; {@code start --instances N} runs N instances of assignment-service, event-ingest and reporting-service,
 * assignment-service behind a front). Starts PostgreSQL and a KRaft Kafka broker, then the schema registry and every built service, each as its
 * own process, and stops them all on Ctrl-C / SIGTERM (what {@code ./platform stop} sends).
 */
public final class PlatformLauncher {

    private PlatformLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        PlatformSettings settings;
        try {
            int instances = instances(args);
            settings = PlatformSettings.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath())
                    .withInstances(instances);
        } catch (IllegalArgumentException e) {
            System.err.println("ep platform: " + e.getMessage());
            System.err.println("usage: PlatformLauncher [start [--instances N]]   (stop, status, restart: see ./platform)");
            System.exit(2);
            return;
        }
        routeLibraryLogging(settings.logsDir());

        Platform platform = new Platform(settings, Console.system(), HealthWaiter.realTime());
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "ep-platform-stop"));
        try {
            platform.start();
        } catch (StartFailure | RuntimeException e) {
            if (platform.isStopping()) {
                return; // a stop arrived during start; the shutdown hook is already cleaning up
            }
            platform.report(e instanceof StartFailure failure ? failure
                    : new StartFailure("platform", e.toString(), Optional.of(settings.logsDir().resolve("launcher.log")), e));
            platform.stop();
            System.exit(1);
        }
        platform.monitorUntilStopped();
    }

    /** {@code start [--instances N]}: N instances of each scalable service (1 when not given). */
    static int instances(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (!rest.isEmpty() && rest.get(0).equals("start")) {
            rest.remove(0);
        }
        if (rest.isEmpty()) {
            return 1;
        }
        if (rest.size() != 2 || !rest.get(0).equals("--instances")) {
            throw new IllegalArgumentException("unknown arguments " + rest);
        }
        try {
            return Integer.parseInt(rest.get(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--instances takes a whole number 1.." + Ports.MAX_INSTANCES + ", was '"
                    + rest.get(1) + "'");
        }
    }

    /** zonky's and the Kafka admin client's SLF4J output goes to logs/launcher.log, not the terminal. */
    private static void routeLibraryLogging(Path logsDir) {
        try {
            Files.createDirectories(logsDir);
        } catch (IOException e) {
            return; // slf4j-simple then logs to stderr
        }
        setIfAbsent("org.slf4j.simpleLogger.logFile", logsDir.resolve("launcher.log").toString());
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
