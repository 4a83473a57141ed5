package dev.ep.deploy;

import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Starts the whole local platform (PostgreSQL and Kafka, then the registry, then every built service), waits for
 * each to be healthy, and stops it all in reverse order: services, registry, Kafka, PostgreSQL.
 *
 * <p>Stopping may be requested from another thread (the shutdown hook) at any moment during start: every process is
 * spawned and registered under {@link #spawnLock}, so {@link #stop()} sees everything that exists, and waiting stages
 * give up as soon as a stop is requested.
 */
final class Platform {

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration KAFKA_STOP_GRACE = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 40;

    /** A started child process and what the summary says about it. */
    private record Running(ManagedProcess process, String endpoint, String data) {
    }

    private final PlatformSettings settings;
    private final Console console;
    private final HealthWaiter waiter;
    private final String java;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ReentrantLock spawnLock = new ReentrantLock();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private boolean ownsPidFile;

    // Guarded by spawnLock.
    private Running kafka;
    private PostgresRuntime postgres;
    private Running registry;
    private final List<Running> services = new ArrayList<>();
    private final List<SummaryTable.Row> notBuilt = new ArrayList<>();

    Platform(PlatformSettings settings, Console console, HealthWaiter waiter) {
        this.settings = settings;
        this.console = console;
        this.waiter = waiter;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    boolean isStopping() {
        return stopping;
    }

    /** Brings everything up or throws; on a throw, call {@link #stop()} to clean up what was started. */
    void start() throws StartFailure {
        console.line("ep platform: home " + settings.home() + ", data dir " + settings.dataDir());
        createDirectories();
        claimPidFile();

        List<Component> built = new ArrayList<>();
        for (Component component : Catalog.components()) {
            Optional<Path> jar = findJar(component);
            if (jar.isPresent()) {
                built.add(component);
            } else {
                console.step(component.name(), "not built (no " + display(component.targetDir(settings.home())
                        .resolve(component.jarGlob())) + "), skipped");
                notBuilt.add(new SummaryTable.Row(component.name(), "not built", "", "", ""));
            }
        }
        refuseBusyPorts(built);

        startKafka();
        startPostgres();
        awaitHealthy(List.of(new HealthWaiter.Target("kafka", new KafkaHealthProbe(kafkaBootstrapServers()),
                kafka.process()::exitCode)));
        provisionTopics();

        ComponentProcesses.Endpoints endpoints = new ComponentProcesses.Endpoints(kafkaBootstrapServers(),
                ComponentProcesses.baseUrl(Catalog.SCHEMA_REGISTRY), postgres.endpoint(), registryWriter());
        if (built.contains(Catalog.SCHEMA_REGISTRY)) {
            Running started = startComponent(Catalog.SCHEMA_REGISTRY, endpoints);
            awaitHealthy(List.of(httpTarget(Catalog.SCHEMA_REGISTRY, started)));
        }
        List<HealthWaiter.Target> serviceTargets = new ArrayList<>();
        for (Component service : Catalog.SERVICES) {
            if (built.contains(service)) {
                serviceTargets.add(httpTarget(service, startComponent(service, endpoints)));
            }
        }
        if (!serviceTargets.isEmpty()) {
            awaitHealthy(serviceTargets);
        }

        String summary = SummaryTable.render(summaryRows());
        writeQuietly(settings.runDir().resolve("summary.txt"), summary);
        console.line("");
        console.line(summary.stripTrailing());
        console.line("");
        ComponentProcesses.localNotes().forEach(console::line);
        console.line("Platform is up. Ctrl-C (or ./platform stop) stops everything; data stays in "
                + display(settings.dataDir()) + ".");
    }

    /** Watches the children until a stop is requested, reporting any that end on their own. */
    void monitorUntilStopped() throws InterruptedException {
        Set<String> reported = new HashSet<>();
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            for (Running running : allProcesses()) {
                OptionalInt exit = running.process().exitCode();
                if (exit.isPresent() && !stopping && reported.add(running.process().name())) {
                    console.step(running.process().name(), "exited on its own with code " + exit.getAsInt()
                            + "; see " + display(running.process().logFile()));
                }
            }
        }
    }

    /** Stops everything started so far, in reverse dependency order; safe to call more than once, from any thread. */
    void stop() {
        stopping = true;
        spawnLock.lock();
        try {
            if (stopped.getCount() == 0) {
                return;
            }
            boolean anything = kafka != null || postgres != null || registry != null || !services.isEmpty();
            if (anything) {
                console.line("");
                console.step("platform", "stopping");
            }
            // Services stop in parallel (SIGTERM to all, then wait for each); nothing depends on them.
            List<Boolean> wereAlive = services.stream().map(s -> s.process().isAlive()).toList();
            services.forEach(s -> s.process().requestStop());
            for (int i = 0; i < services.size(); i++) {
                stopProcess(services.get(i), SERVICE_STOP_GRACE, wereAlive.get(i));
            }
            if (registry != null) {
                stopProcess(registry, SERVICE_STOP_GRACE, registry.process().isAlive());
            }
            if (kafka != null) {
                stopProcess(kafka, KAFKA_STOP_GRACE, kafka.process().isAlive());
            }
            if (postgres != null) {
                try {
                    boolean embedded = postgres instanceof PostgresRuntime.Embedded;
                    postgres.close();
                    deletePidFile("postgres");
                    if (embedded) {
                        console.step("postgres", "stopped");
                    }
                } catch (RuntimeException e) {
                    console.step("postgres", "could not stop cleanly: " + e.getMessage());
                }
            }
            if (ownsPidFile) {
                deleteQuietly(settings.runDir().resolve("summary.txt"));
                deletePidFile("platform");
            }
            if (anything) {
                console.step("platform", "stopped");
            }
        } finally {
            stopped.countDown();
            spawnLock.unlock();
        }
    }

    /** Prints what failed and the end of its log. */
    void report(StartFailure failure) {
        console.line("");
        console.step(failure.processName(), "FAILED: " + failure.getMessage());
        failure.logFile().ifPresent(log -> {
            List<String> tail = LogTail.lastLines(log, LOG_TAIL_LINES);
            if (!tail.isEmpty()) {
                console.line("---- last " + tail.size() + " lines of " + display(log) + " (stack frames left out) ----");
                tail.forEach(console::line);
                console.line("---- end of " + display(log) + " ----");
            }
        });
    }

    /**
     * The registry's writer, made on the first start and kept in the data dir. Says at start who may write, where
     * the password is, and that the services register their schemas themselves (development only).
     */
    private String registryWriter() throws StartFailure {
        Path file = settings.registryCredentialsFile();
        try {
            String userInfo = RegistryCredentials.loadOrCreate(file, new SecureRandom());
            console.step("schema-registry", "writes need basic auth as " + RegistryCredentials.USER + " (user:password"
                    + " in " + display(file) + ", e.g. curl -u \"$(cat " + display(file) + ")\"); reads are open;"
                    + " services register their schemas on first use (" + ComponentProcesses.ENV_AUTO_REGISTER
                    + "=true, development only)");
            return userInfo;
        } catch (IOException e) {
            throw new StartFailure("schema-registry", "cannot keep the registry's credentials in " + file + ": "
                    + e.getMessage(), Optional.empty(), e);
        }
    }

    private void startKafka() throws StartFailure {
        Path log = settings.logFile("kafka");
        KafkaBroker broker = new KafkaBroker(settings.kafkaLibs(), settings.kafkaDir(), Catalog.LOOPBACK,
                Catalog.KAFKA_PORT, Catalog.KAFKA_CONTROLLER_PORT, java, settings.kafkaJvmOptions(), log);
        guarded("kafka", log, () -> {
            KafkaBroker.Preparation preparation = broker.prepare();
            console.step("kafka", (preparation.formatted() ? "formatted new storage" : "reusing storage")
                    + " in " + display(broker.dataDir()) + " (cluster id " + preparation.clusterId() + ")");
            ManagedProcess process = ManagedProcess.start(broker.processSpec());
            kafka = new Running(process, broker.bootstrapServers() + " (controller " + Catalog.KAFKA_CONTROLLER_PORT
                    + ")", display(broker.dataDir()));
            writePidFile("kafka", process.pid());
            console.step("kafka", "starting KRaft broker on " + broker.bootstrapServers() + ", pid " + process.pid());
            return null;
        });
    }

    private void startPostgres() throws StartFailure {
        Path log = settings.logFile("postgres");
        Optional<PostgresEndpoint> external = settings.externalPostgres();
        if (external.isPresent()) {
            postgres = new PostgresRuntime.External(external.get());
            console.step("postgres", "using existing server " + external.get().displayUrl()
                    + " (EP_POSTGRES_URL); no embedded PostgreSQL");
        } else {
            console.step("postgres", "starting embedded PostgreSQL on " + Catalog.LOOPBACK + ":" + Catalog.POSTGRES_PORT);
            guarded("postgres", log, () -> {
                PostgresRuntime.Embedded embedded =
                        PostgresRuntime.startEmbedded(settings.postgresDir(), Catalog.POSTGRES_PORT, log);
                postgres = embedded;
                embedded.pid().ifPresent(pid -> writePidFile("postgres", pid));
                console.step("postgres", "up" + (embedded.reusedData() ? ", reusing data in " : ", new data dir ")
                        + display(settings.postgresDir()));
                return null;
            });
        }
        try {
            List<String> created = postgres.ensureDatabases(Catalog.databases());
            console.step("postgres", "databases " + String.join(", ", Catalog.databases())
                    + (created.isEmpty() ? " present" : " ready (created " + String.join(", ", created) + ")"));
        } catch (SQLException e) {
            throw new StartFailure("postgres", "could not create the databases on " + postgres.endpoint().displayUrl()
                    + " as " + postgres.endpoint().username() + ": " + e.getMessage(),
                    external.isPresent() ? Optional.empty() : Optional.of(log), e);
        }
    }

    private Running startComponent(Component component, ComponentProcesses.Endpoints endpoints) throws StartFailure {
        Path jar = findJar(component).orElseThrow();
        Path log = settings.logFile(component.name());
        ProcessSpec spec = ComponentProcesses.spec(component, jar, endpoints, java, settings.serviceJvmOptions(),
                settings.home(), settings.dataDir(), log);
        return guarded(component.name(), log, () -> {
            ManagedProcess process = ManagedProcess.start(spec);
            Running running = new Running(process, ComponentProcesses.baseUrl(component),
                    component.database().map(db -> "db " + db).orElse(""));
            if (component.kind() == Component.Kind.REGISTRY) {
                registry = running;
            } else {
                services.add(running);
            }
            writePidFile(component.name(), process.pid());
            console.step(component.name(), "starting " + display(jar) + " on port " + component.port()
                    + ", pid " + process.pid());
            return running;
        });
    }

    private HealthWaiter.Target httpTarget(Component component, Running running) {
        return new HealthWaiter.Target(component.name(),
                new HttpHealthProbe(http, URI.create(ComponentProcesses.healthUrl(component))),
                running.process()::exitCode);
    }

    private void awaitHealthy(List<HealthWaiter.Target> targets) throws StartFailure {
        HealthWaiter.Listener listener = new HealthWaiter.Listener() {
            @Override
            public void ready(String name, Duration after) {
                console.step(name, "healthy after " + seconds(after));
            }

            @Override
            public void stillWaiting(List<String> names, Duration elapsed) {
                console.step("platform", "waiting for " + String.join(", ", names) + " (" + seconds(elapsed) + ")");
            }
        };
        HealthWaiter.Outcome outcome;
        try {
            outcome = waiter.await(targets, settings.startTimeout(), () -> stopping, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new HealthWaiter.Cancelled();
        } finally {
            targets.forEach(t -> t.probe().close());
        }
        if (outcome instanceof HealthWaiter.Exited exited) {
            throw new StartFailure(exited.name(), "process exited with code " + exited.exitCode()
                    + " before it was healthy", Optional.of(settings.logFile(exited.name())));
        }
        if (outcome instanceof HealthWaiter.TimedOut timedOut) {
            String first = timedOut.notReady().get(0);
            throw new StartFailure(first, "not healthy after " + seconds(timedOut.after()) + " (still waiting for "
                    + String.join(", ", timedOut.notReady()) + "; " + PlatformSettings.ENV_START_TIMEOUT
                    + " raises the limit)", Optional.of(settings.logFile(first)));
        }
        if (outcome instanceof HealthWaiter.Cancelled) {
            throw new StartFailure("platform", "start cancelled by stop", Optional.empty());
        }
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws Exception;
    }

    /** Runs a spawning action under the lock, refusing once a stop has been requested. */
    private <T> T guarded(String name, Path log, Action<T> action) throws StartFailure {
        spawnLock.lock();
        try {
            if (stopping) {
                throw new StartFailure("platform", "start cancelled by stop", Optional.empty());
            }
            return action.run();
        } catch (StartFailure e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure(name, "interrupted", Optional.of(log), e);
        } catch (Exception e) {
            throw new StartFailure(name, String.valueOf(e.getMessage()), Optional.of(log), e);
        } finally {
            spawnLock.unlock();
        }
    }

    private void refuseBusyPorts(List<Component> built) throws StartFailure {
        List<PortGuard.Claim> claims = new ArrayList<>();
        claims.add(new PortGuard.Claim("kafka", Catalog.KAFKA_PORT));
        claims.add(new PortGuard.Claim("kafka controller", Catalog.KAFKA_CONTROLLER_PORT));
        if (settings.externalPostgres().isEmpty()) {
            claims.add(new PortGuard.Claim("postgres", Catalog.POSTGRES_PORT));
        }
        built.forEach(c -> claims.add(new PortGuard.Claim(c.name(), c.port())));
        List<PortGuard.Claim> busy = PortGuard.busy(InetAddress.getLoopbackAddress(), claims);
        if (!busy.isEmpty()) {
            String which = busy.stream().map(c -> c.port() + " (" + c.owner() + ")").collect(Collectors.joining(", "));
            throw new StartFailure("platform", "port(s) already in use by another process: " + which
                    + ". Stop what listens there (a platform left running? try ./platform stop) and start again.",
                    Optional.empty());
        }
    }

    private void claimPidFile() throws StartFailure {
        Path pidFile = pidFile("platform");
        long self = ProcessHandle.current().pid();
        try {
            if (Files.exists(pidFile)) {
                OptionalLong other = readPid(pidFile);
                if (other.isPresent() && other.getAsLong() != self
                        && ProcessHandle.of(other.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new StartFailure("platform", "already running with this data dir (pid " + other.getAsLong()
                            + "); ./platform stop stops it", Optional.empty());
                }
            }
            Files.writeString(pidFile, self + "\n", StandardCharsets.UTF_8);
            ownsPidFile = true;
        } catch (IOException e) {
            throw new StartFailure("platform", "cannot write " + pidFile + ": " + e.getMessage(), Optional.empty(), e);
        }
    }

    private void createDirectories() throws StartFailure {
        try {
            Files.createDirectories(settings.logsDir());
            Files.createDirectories(settings.runDir());
        } catch (IOException e) {
            throw new StartFailure("platform", "cannot create " + settings.dataDir() + ": " + e.getMessage(),
                    Optional.empty(), e);
        }
    }

    private Optional<Path> findJar(Component component) {
        Path target = component.targetDir(settings.home());
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(target, component.jarGlob())) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        return jars.stream().max(Comparator.comparing(Platform::lastModified));
    }

    private List<SummaryTable.Row> summaryRows() {
        List<SummaryTable.Row> rows = new ArrayList<>();
        rows.add(row("kafka", kafka));
        PostgresEndpoint pg = postgres.endpoint();
        rows.add(new SummaryTable.Row("postgres", pg.displayUrl() + " (user " + pg.username() + ")",
                postgres.pid().isPresent() ? Long.toString(postgres.pid().getAsLong()) : "",
                postgres instanceof PostgresRuntime.Embedded ? display(settings.logFile("postgres")) : "",
                postgres.dataDir().map(this::display).orElse("external")));
        if (registry != null) {
            rows.add(row(registry.process().name(), registry));
        }
        services.forEach(s -> rows.add(row(s.process().name(), s)));
        rows.addAll(notBuilt);
        return rows;
    }

    private SummaryTable.Row row(String name, Running running) {
        return new SummaryTable.Row(name, running.endpoint(), Long.toString(running.process().pid()),
                display(running.process().logFile()), running.data());
    }

    private List<Running> allProcesses() {
        spawnLock.lock();
        try {
            List<Running> all = new ArrayList<>(services);
            if (registry != null) {
                all.add(registry);
            }
            if (kafka != null) {
                all.add(kafka);
            }
            return all;
        } finally {
            spawnLock.unlock();
        }
    }

    private void stopProcess(Running running, Duration grace, boolean wasAlive) {
        ManagedProcess process = running.process();
        boolean clean = process.stop(grace);
        deletePidFile(process.name());
        if (wasAlive) {
            console.step(process.name(), clean ? "stopped" : "killed after " + grace.toSeconds() + " s");
        }
    }

    /**
     * Creates every declared topic that is missing and verifies the ones that exist, before any service starts:
     * nothing relies on broker auto-creation (the broker has it off).
     */
    private void provisionTopics() throws StartFailure {
        int partitions = settings.eventPartitions();
        try (TopicProvisioner provisioner = TopicProvisioner.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
            TopicProvisioner.Result result = provisioner.provision(Topics.all(partitions));
            console.step("topics", "created " + result.created().size() + ", verified " + result.verified().size()
                    + " (event topics with " + partitions + " partitions)");
        } catch (RuntimeException e) {
            throw new StartFailure("topics", "could not create or verify the platform's topics: " + e.getMessage(),
                    Optional.of(settings.logFile("kafka")), e);
        }
    }

    private String kafkaBootstrapServers() {
        return Catalog.LOOPBACK + ":" + Catalog.KAFKA_PORT;
    }

    private Path pidFile(String name) {
        return settings.runDir().resolve(name + ".pid");
    }

    private void writePidFile(String name, long pid) {
        writeQuietly(pidFile(name), pid + "\n");
    }

    private void deletePidFile(String name) {
        // A stale pid file is harmless: ./platform stop checks the process behind it.
        deleteQuietly(pidFile(name));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Only bookkeeping for ./platform stop|status.
        }
    }

    private static OptionalLong readPid(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void writeQuietly(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Pid and summary files help ./platform stop|status; the platform itself runs without them.
        }
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Paths under the home are shown relative to it (the script runs from there). */
    private String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(settings.home()) ? settings.home().relativize(absolute).toString() : absolute.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
