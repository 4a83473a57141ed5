package dev.ep.assignment.bench.floor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A static-JSON floor of one web stack (issue 13): the least a storefront endpoint on that stack can cost, with the
 * same broker load as the service (one event per request to Kafka, handed off without blocking the request thread).
 *
 * <p>Which stack runs is decided by the classpath the benchmark gives this JVM (Tomcat, Jetty or Reactor Netty, with
 * Spring MVC or WebFlux) and by {@code spring.threads.virtual.enabled}: the same code serves every stack, because
 * an annotated {@code @RestController} works on both Spring MVC and WebFlux.
 */
@SpringBootApplication
public class FloorApplication {

    public static void main(String[] args) {
        SpringApplication.run(FloorApplication.class, args);
    }
}
