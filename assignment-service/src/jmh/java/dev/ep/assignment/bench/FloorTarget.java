package dev.ep.assignment.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server the floors benchmark measures: a web stack's static-JSON floor or the real service, on a JDK, with extra
 * JVM options. Named presets (see {@link #PRESETS}); each base target also comes as {@code -jdk25} (Temurin 25, G1),
 * {@code -g1pause} (G1 with a 5 ms pause goal), {@code -io2} (two Reactor Netty event-loop threads instead of the
 * default four; meaningful for the WebFlux floor and the service) and {@code -zgc25} (Temurin 25, generational ZGC);
 * {@code service-webflux} is the service with its direct route off ({@code ep.assignment.direct-route=false}).
 *
 * @param name     the preset's name, used in the tables
 * @param kind     what runs
 * @param jdk25    whether it runs on Temurin 25 instead of the JDK running the benchmark (17)
 * @param extraJvm JVM options added to the common ones
 */
record FloorTarget(String name, Kind kind, boolean jdk25, String extraJvm) {

    /** What runs in the target's JVM, and with which classpath. */
    enum Kind {
        /** Spring MVC on Tomcat, platform threads (today's service stack). */
        TOMCAT("Spring MVC on Tomcat, platform threads", List.of(Stack.JETTY, Stack.NETTY, Stack.WEBFLUX), false),
        /** Spring MVC on Tomcat with {@code spring.threads.virtual.enabled=true} (needs Java 21+). */
        TOMCAT_VIRTUAL("Spring MVC on Tomcat, virtual threads", List.of(Stack.JETTY, Stack.NETTY, Stack.WEBFLUX),
                true),
        /** Spring MVC on Jetty 12, platform threads. */
        JETTY("Spring MVC on Jetty, platform threads", List.of(Stack.TOMCAT, Stack.NETTY, Stack.WEBFLUX), false),
        /** Spring WebFlux (annotated controller) on Reactor Netty. */
        WEBFLUX("WebFlux on Reactor Netty", List.of(Stack.TOMCAT, Stack.JETTY, Stack.MVC), false),
        /** The assignment service itself: /v1/assign, the benchmark configuration, Kafka emission on. */
        SERVICE("assignment-service /v1/assign (the benchmark configuration: experiments=, 100 by default)", List.of(),
                false);

        final String description;
        final List<Stack> excluded;
        final boolean virtualThreads;

        Kind(String description, List<Stack> excluded, boolean virtualThreads) {
            this.description = description;
            this.excluded = excluded;
            this.virtualThreads = virtualThreads;
        }
    }

    /**
     * The jars that make up one web stack, recognised by their path in the Maven repository. The floors project
     * depends on every stack; a floor's JVM gets the project's classpath without the stacks it does not run, so
     * Spring Boot finds exactly one server, as in a real application.
     */
    enum Stack {
        TOMCAT("/org/apache/tomcat/embed/tomcat-embed-core/", "/org/apache/tomcat/embed/tomcat-embed-websocket/",
                "/spring-boot-tomcat/", "/spring-boot-starter-tomcat"),
        JETTY("/org/eclipse/jetty/", "/spring-boot-jetty/", "/spring-boot-starter-jetty"),
        NETTY("/io/netty/", "/io/projectreactor/netty/", "/spring-boot-reactor-netty/", "/spring-boot-netty/",
                "/spring-boot-starter-reactor-netty/"),
        WEBFLUX("/spring-webflux/", "/spring-boot-webflux/", "/spring-boot-starter-webflux/",
                "/spring-boot-http-codec/", "/io/projectreactor/", "/org/reactivestreams/", "/spring-boot-reactor/"),
        MVC("/spring-webmvc/", "/spring-boot-webmvc/", "/spring-boot-starter-webmvc/", "/spring-boot-servlet/",
                "/jakarta/servlet/");

        private final List<String> pathParts;

        Stack(String... pathParts) {
            this.pathParts = List.of(pathParts);
        }

        boolean owns(String jar) {
            return pathParts.stream().anyMatch(jar::contains);
        }
    }

    static final Map<String, FloorTarget> PRESETS = presets();

    private static Map<String, FloorTarget> presets() {
        Map<String, FloorTarget> bases = new LinkedHashMap<>();
        bases.put("tomcat", new FloorTarget("tomcat", Kind.TOMCAT, false, ""));
        // virtual threads need Java 21+: the project runs on 17, so this floor runs on Temurin 25
        bases.put("tomcat-virtual", new FloorTarget("tomcat-virtual", Kind.TOMCAT_VIRTUAL, true, ""));
        bases.put("jetty", new FloorTarget("jetty", Kind.JETTY, false, ""));
        bases.put("webflux", new FloorTarget("webflux", Kind.WEBFLUX, false, ""));
        bases.put("service", new FloorTarget("service", Kind.SERVICE, false, ""));
        Map<String, FloorTarget> all = new LinkedHashMap<>(bases);
        // the service without its direct route: every storefront request through WebFlux's dispatcher, as before
        all.put("service-webflux", new FloorTarget("service-webflux", Kind.SERVICE, false,
                "-Dep.assignment.direct-route=false"));
        for (FloorTarget base : bases.values()) {
            if (!base.jdk25()) {
                all.put(base.name() + "-jdk25", new FloorTarget(base.name() + "-jdk25", base.kind(), true, ""));
                all.put(base.name() + "-g1pause", new FloorTarget(base.name() + "-g1pause", base.kind(), false,
                        "-XX:MaxGCPauseMillis=5"));
                // Reactor Netty's event-loop threads: its default is max(4, cores); -io2 uses one per core
                all.put(base.name() + "-io2", new FloorTarget(base.name() + "-io2", base.kind(), false,
                        "-Dreactor.netty.ioWorkerCount=2"));
                if (base.kind() != Kind.SERVICE) {
                    // a floor whose fixed answer holds 10 assignments instead of one (the service's answer size when
                    // every layer assigns), to separate the answer's size from the rest of the service's work
                    all.put(base.name() + "-a10", new FloorTarget(base.name() + "-a10", base.kind(), false,
                            "-Dfloor.answer-assignments=10"));
                }
            }
            all.put(base.name() + "-zgc25", new FloorTarget(base.name() + "-zgc25", base.kind(), true,
                    "-XX:+UseZGC"));
        }
        return all;
    }

    static List<FloorTarget> parse(String names) {
        List<FloorTarget> targets = new ArrayList<>();
        for (String name : names.split(",")) {
            FloorTarget target = PRESETS.get(name.trim());
            if (target == null) {
                throw new IllegalArgumentException("unknown target '" + name + "'; known: " + PRESETS.keySet());
            }
            targets.add(target);
        }
        return targets;
    }

    /** The classpath of a floor of this kind: the floors project's, without the other stacks' jars. */
    String floorClasspath(Path floorsProject, List<String> dependencyJars) {
        StringBuilder cp = new StringBuilder(floorsProject.resolve("target/classes").toString());
        for (String jar : dependencyJars) {
            if (kind.excluded.stream().noneMatch(stack -> stack.owns(jar))) {
                cp.append(':').append(jar);
            }
        }
        return cp.toString();
    }

    String path() {
        return kind == Kind.SERVICE ? "/v1/assign" : "/floor/static";
    }

    String description() {
        return kind.description + (jdk25 ? ", Temurin 25" : ", Java 17") + (extraJvm.isEmpty() ? "" : ", " + extraJvm);
    }
}
