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
import java.time.Instant;
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
    private static final String FRONT_TARGET = "front: ";

    /** A started child process and what the summary says about it. */
    private record Running(ManagedProcess process, String endpoint, String data) {
    }

    /** A running instance of a registry/service and how to start it again. */
    private record Started(Instance instance, ProcessSpec spec, Running running) {
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
    private final List<Started> services = new ArrayList<>();
    private final List<SummaryTable.Row> notBuilt = new ArrayList<>();
    private volatile Front front;
    private final ControlDirectory control;

    Platform(PlatformSettings settings, Console console, HealthWaiter waiter) {
        this.settings = settings;
        this.console = console;
        this.waiter = waiter;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.control = new ControlDirectory(settings.controlDir());
    }

    boolean isStopping() {
        return stopping;
    }

    /** Brings everything up or throws; on a throw, call {@link #stop()} to clean up what was started. */
    void start() throws StartFailure {
        console.line("ep platform: home " + settings.home() + ", data dir " + settings.dataDir()
                + (settings.ports().offset() == 0 ? "" : ", ports moved by " + settings.ports().offset() + " ("
                + PlatformSettings.ENV_PORT_OFFSET + ")")
                + (settings.ports().instances() == 1 ? "" : ", " + settings.ports().instances()
                + " instances of each scalable service"));
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
        warnAboutUnusedInstanceDirs(built);

        startKafka();
        startPostgres();
        awaitHealthy(List.of(new HealthWaiter.Target("kafka", new KafkaHealthProbe(kafkaBootstrapServers()),
                kafka.process()::exitCode)));
        provisionTopics();

        Ports ports = settings.ports();
        ComponentProcesses.Endpoints endpoints = new ComponentProcesses.Endpoints(kafkaBootstrapServers(),
                ports.baseUrl(Catalog.SCHEMA_REGISTRY), postgres.endpoint(), registryWriter(), ports,
                sharedTokenSecret(built));
        if (built.contains(Catalog.SCHEMA_REGISTRY)) {
            Instance registryInstance = ports.instances(Catalog.SCHEMA_REGISTRY).get(0);
            Running started = startInstance(registryInstance, endpoints).running();
            awaitHealthy(List.of(httpTarget(registryInstance, started)));
        }
        List<HealthWaiter.Target> serviceTargets = new ArrayList<>();
        for (Component service : Catalog.SERVICES) {
            if (built.contains(service)) {
                for (Instance instance : ports.instances(service)) {
                    serviceTargets.add(httpTarget(instance, startInstance(instance, endpoints).running()));
                }
            }
        }
        if (!serviceTargets.isEmpty()) {
            awaitHealthy(serviceTargets);
        }
        for (Component service : Catalog.SERVICES) {
            if (built.contains(service) && ports.fronted(service)) {
                startFront(service);
            }
        }
        resetControl();

        String summary = SummaryTable.render(summaryRows());
        writeQuietly(settings.runDir().resolve("summary.txt"), summary);
        console.line("");
        console.line(summary.stripTrailing());
        console.line("");
        ComponentProcesses.localNotes().forEach(console::line);
        console.line("Platform is up. Ctrl-C (or ./platform stop) stops everything; data stays in "
                + display(settings.dataDir()) + ".");
    }

    /**
     * Watches the children until a stop is requested, reporting any that end on their own, and carries out what
     * {@code ./platform restart} asks through the control directory (one request at a time).
     */
    void monitorUntilStopped() throws InterruptedException {
        Set<Long> reported = new HashSet<>();
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            for (Running running : allProcesses()) {
                OptionalInt exit = running.process().exitCode();
                if (exit.isPresent() && !stopping && reported.add(running.process().pid())) {
                    console.step(running.process().name(), "exited on its own with code " + exit.getAsInt()
                            + "; see " + display(running.process().logFile()));
                }
            }
            for (ControlDirectory.Pending pending : control.take(Instant.now())) {
                if (stopping) {
                    control.answer(pending.id(), false, "the platform is stopping");
                    continue;
                }
                if (pending.request() instanceof ControlRequest.Restart restart) {
                    List<String> lines = new ArrayList<>();
                    boolean ok = restart(restart.service(), line -> {
                        console.step("restart", line);
                        lines.add(line);
                    });
                    control.answer(pending.id(), ok, String.join("\n", lines));
                } else if (pending.request() instanceof ControlRequest.Invalid invalid) {
                    control.answer(pending.id(), false, invalid.reason());
                }
            }
        }
    }

    /**
     * Restarts every instance of {@code service}, one after the other, each waited for until healthy before the next
     * stops: a rolling restart. Behind a front an instance is drained first (no new request reaches it, those in
     * flight are answered), stopped with SIGTERM (assignment-service moves its queue to the journal, which the new
     * process drains), started again on the same port and data directory, and put back once its readiness is UP.
     *
     * @return true when every instance came back healthy
     */
    boolean restart(String service, java.util.function.Consumer<String> progress) throws InterruptedException {
        Optional<Component> component = Catalog.service(service);
        List<Started> targets = new ArrayList<>();
        spawnLock.lock();
        try {
            services.stream().filter(s -> s.instance().component().name().equals(service)).forEach(targets::add);
        } finally {
            spawnLock.unlock();
        }
        if (component.isEmpty() || targets.isEmpty()) {
            progress.accept(service + " is not running on this platform");
            return false;
        }
        boolean fronted = front != null && settings.ports().fronted(component.get());
        for (Started old : targets) {
            String name = old.instance().name();
            long begin = System.nanoTime();
            if (fronted) {
                boolean drained = front.drain(old.instance().number());
                progress.accept(name + ": drained from the front" + (drained ? ""
                        : " (requests still in flight after " + FrontLimits.defaults().drainTimeout().toSeconds()
                        + " s)"));
            }
            boolean clean = old.running().process().stop(SERVICE_STOP_GRACE);
            progress.accept(name + ": stopped (pid " + old.running().process().pid() + ", "
                    + (clean ? "SIGTERM" : "killed after " + SERVICE_STOP_GRACE.toSeconds() + " s") + ")");
            Started fresh;
            spawnLock.lock();
            try {
                if (stopping) {
                    progress.accept("the platform is stopping; restart abandoned");
                    return false;
                }
                fresh = spawn(old.instance(), old.spec());
                services.set(services.indexOf(old), fresh);
            } catch (IOException e) {
                progress.accept(name + ": could not start again: " + e.getMessage());
                return false;
            } finally {
                spawnLock.unlock();
            }
            progress.accept(name + ": started again, pid " + fresh.running().process().pid());
            List<HealthWaiter.Target> wait = new ArrayList<>();
            wait.add(httpTarget(old.instance(), fresh.running()));
            try {
                awaitHealthy(wait);
                if (fronted) {
                    front.undrain(old.instance().number());
                    awaitHealthy(List.of(new HealthWaiter.Target(FRONT_TARGET + name,
                            () -> front.isReady(old.instance().number()), fresh.running().process()::exitCode)));
                }
            } catch (StartFailure e) {
                progress.accept(name + ": " + e.getMessage() + " (see " + display(settings.logFile(name)) + ")");
                return false;
            }
            progress.accept(name + ": healthy again" + (fronted ? " and back in the front" : "") + " after "
                    + seconds(Duration.ofNanos(System.nanoTime() - begin)));
        }
        if (fronted) {
            progress.accept(service + ": front retries so far " + front.stats().retries()
                    + ", answered per instance " + front.stats().answeredPerInstance());
        }
        writeQuietly(settings.runDir().resolve("summary.txt"), SummaryTable.render(summaryRows()));
        return true;
    }

    private void resetControl() throws StartFailure {
        try {
            control.reset();
        } catch (IOException e) {
            throw new StartFailure("platform", "cannot prepare " + settings.controlDir() + ": " + e.getMessage(),
                    Optional.empty(), e);
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
            if (front != null) {
                front.close();
                console.step("front", "closed");
            }
            // Services stop in parallel (SIGTERM to all, then wait for each); nothing depends on them.
            List<Boolean> wereAlive = services.stream().map(s -> s.running().process().isAlive()).toList();
            services.forEach(s -> s.running().process().requestStop());
            for (int i = 0; i < services.size(); i++) {
                stopProcess(services.get(i).running(), SERVICE_STOP_GRACE, wereAlive.get(i));
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
                settings.ports().kafka(), settings.ports().kafkaController(), java, settings.kafkaJvmOptions(), log);
        guarded("kafka", log, () -> {
            KafkaBroker.Preparation preparation = broker.prepare();
            console.step("kafka", (preparation.formatted() ? "formatted new storage" : "reusing storage")
                    + " in " + display(broker.dataDir()) + " (cluster id " + preparation.clusterId() + ")");
            ManagedProcess process = ManagedProcess.start(broker.processSpec());
            kafka = new Running(process, broker.bootstrapServers() + " (controller " + settings.ports().kafkaController()
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
            console.step("postgres", "starting embedded PostgreSQL on " + Catalog.LOOPBACK + ":"
                    + settings.ports().postgres());
            guarded("postgres", log, () -> {
                PostgresRuntime.Embedded embedded =
                        PostgresRuntime.startEmbedded(settings.postgresDir(), settings.ports().postgres(), log);
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

    private Started startInstance(Instance instance, ComponentProcesses.Endpoints endpoints) throws StartFailure {
        Component component = instance.component();
        Path jar = findJar(component).orElseThrow();
        Path log = settings.logFile(instance.name());
        ProcessSpec spec = ComponentProcesses.spec(instance, jar, endpoints, java, settings.jvmOptions(component),
                settings.home(), settings.dataDir(), log);
        return guarded(instance.name(), log, () -> {
            Started started = spawn(instance, spec);
            if (component.kind() == Component.Kind.REGISTRY) {
                registry = started.running();
            } else {
                services.add(started);
            }
            console.step(instance.name(), "starting " + display(jar) + " on port " + instance.port()
                    + ", pid " + started.running().process().pid());
            return started;
        });
    }

    /** Starts the process of an instance and writes its pid file; call under the spawn lock. */
    private Started spawn(Instance instance, ProcessSpec spec) throws IOException {
        ManagedProcess process = ManagedProcess.start(spec);
        Component component = instance.component();
        String data = component.database().map(db -> "db " + db).orElse("");
        if (component.name().equals("assignment-service") || component.name().equals("reporting-service")) {
            data = (data.isEmpty() ? "" : data + ", ") + display(ComponentProcesses.instanceDir(settings.dataDir(),
                    instance));
        }
        Running running = new Running(process, ComponentProcesses.baseUrl(instance), data);
        writePidFile(instance.name(), process.pid());
        return new Started(instance, spec, running);
    }

    private void startFront(Component component) throws StartFailure {
        List<Instance> instances = settings.ports().instances(component);
        int port = settings.ports().port(component);
        guarded("front", settings.logsDir().resolve("launcher.log"), () -> {
            try {
                front = Front.start(component.name(), InetAddress.getByName(Catalog.LOOPBACK), port,
                        instances.stream().map(Instance::port).toList(), FrontLimits.defaults(),
                        line -> console.step("front", line));
            } catch (IOException e) {
                throw new StartFailure("front", "cannot listen on " + Catalog.LOOPBACK + ":" + port + ": "
                        + e.getMessage(), Optional.empty(), e);
            }
            return null;
        });
        console.step("front", component.name() + " on http://" + Catalog.LOOPBACK + ":" + port + " over "
                + instances.size() + " instances (ports " + instances.stream().map(i -> Integer.toString(i.port()))
                .collect(Collectors.joining(", ")) + ")");
        List<HealthWaiter.Target> targets = new ArrayList<>();
        for (Instance instance : instances) {
            Started started = started(instance.name()).orElseThrow();
            targets.add(new HealthWaiter.Target(FRONT_TARGET + instance.name(), () -> front.isReady(instance.number()),
                    started.running().process()::exitCode));
        }
        awaitHealthy(targets);
    }

    /**
     * The exposure-token key every assignment instance gets when several run behind the front; none when one runs
     * (it keeps its own key file) or when the launcher was given {@code EP_EXPOSURE_TOKEN_SECRET} (inherited by all).
     */
    private Optional<String> sharedTokenSecret(List<Component> built) throws StartFailure {
        Component assignment = Catalog.service("assignment-service").orElseThrow();
        String inherited = System.getenv(ComponentProcesses.ENV_EXPOSURE_TOKEN_SECRET);
        if (!built.contains(assignment) || !settings.ports().fronted(assignment)
                || (inherited != null && !inherited.isBlank())) {
            return Optional.empty();
        }
        Path file = ComponentProcesses.instanceDir(settings.dataDir(), settings.ports().instances(assignment).get(0))
                .resolve(SharedTokenKey.FILE_NAME);
        try {
            String key = SharedTokenKey.loadOrCreate(file, new SecureRandom());
            console.step("assignment-service", "every instance signs exposure tokens with the key in " + display(file));
            return Optional.of(key);
        } catch (IOException e) {
            throw new StartFailure("assignment-service", "cannot share the exposure-token key: " + e.getMessage(),
                    Optional.empty(), e);
        }
    }

    /**
     * An assignment instance keeps undelivered events in its own journal, which only that instance drains: say so
     * when a start runs fewer instances than an earlier one did.
     */
    private void warnAboutUnusedInstanceDirs(List<Component> built) {
        for (Component component : built) {
            if (component.scaling() == Component.Scaling.SINGLE) {
                continue;
            }
            for (int n = settings.ports().instances() + 1; n <= Ports.MAX_INSTANCES; n++) {
                Path dir = ComponentProcesses.instanceDir(settings.dataDir(), new Instance(component, n, 1));
                if (Files.isDirectory(dir.resolve("journal"))) {
                    console.step(component.name(), "WARNING: " + display(dir) + " (instance " + n + " of an earlier "
                            + "start) is not used now; its journal may hold events not yet sent to Kafka, which only "
                            + "that instance sends: start once with --instances " + n + " to send them");
                }
            }
        }
    }

    private Optional<Started> started(String instanceName) {
        spawnLock.lock();
        try {
            return services.stream().filter(s -> s.instance().name().equals(instanceName)).findFirst();
        } finally {
            spawnLock.unlock();
        }
    }

    private HealthWaiter.Target httpTarget(Instance instance, Running running) {
        return new HealthWaiter.Target(instance.name(),
                new HttpHealthProbe(http, URI.create(ComponentProcesses.healthUrl(instance))),
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
                    + " before it was healthy", Optional.of(settings.logFile(processOf(exited.name()))));
        }
        if (outcome instanceof HealthWaiter.TimedOut timedOut) {
            String first = timedOut.notReady().get(0);
            throw new StartFailure(first, "not healthy after " + seconds(timedOut.after()) + " (still waiting for "
                    + String.join(", ", timedOut.notReady()) + "; " + PlatformSettings.ENV_START_TIMEOUT
                    + " raises the limit)", Optional.of(settings.logFile(processOf(first))));
        }
        if (outcome instanceof HealthWaiter.Cancelled) {
            throw new StartFailure("platform", "start cancelled by stop", Optional.empty());
        }
    }

    /** The process a health target is about ("front: x" waits for process x as the front sees it). */
    private static String processOf(String targetName) {
        return targetName.startsWith(FRONT_TARGET) ? targetName.substring(FRONT_TARGET.length()) : targetName;
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
        Ports ports = settings.ports();
        claims.add(new PortGuard.Claim("kafka", ports.kafka()));
        claims.add(new PortGuard.Claim("kafka controller", ports.kafkaController()));
        if (settings.externalPostgres().isEmpty()) {
            claims.add(new PortGuard.Claim("postgres", ports.postgres()));
        }
        for (Component c : built) {
            if (ports.fronted(c)) {
                claims.add(new PortGuard.Claim(c.name() + " front", ports.port(c)));
            }
            ports.instances(c).forEach(i -> claims.add(new PortGuard.Claim(i.name(), i.port())));
        }
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
        if (front != null) {
            Component fronted = Catalog.SERVICES.stream().filter(settings.ports()::fronted).findFirst().orElseThrow();
            rows.add(new SummaryTable.Row(fronted.name() + " (front)", "http://" + Catalog.LOOPBACK + ":"
                    + front.port(), Long.toString(ProcessHandle.current().pid()), "launcher", "over "
                    + settings.ports().instances(fronted).size() + " instances"));
        }
        services.forEach(s -> rows.add(row(s.running().process().name(), s.running())));
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
            List<Running> all = new ArrayList<>(services.stream().map(Started::running).toList());
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
        return Catalog.LOOPBACK + ":" + settings.ports().kafka();
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
