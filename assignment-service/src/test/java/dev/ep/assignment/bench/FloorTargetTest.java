package dev.ep.assignment.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloorTargetTest {

    private static final String REPO = "/root/.m2/repository/";
    /** A slice of the floors project's real classpath: every stack's server and framework jars, and shared ones. */
    private static final List<String> JARS = List.of(
            REPO + "org/springframework/boot/spring-boot/4.0.7/spring-boot-4.0.7.jar",
            REPO + "org/springframework/boot/spring-boot-web-server/4.0.7/spring-boot-web-server-4.0.7.jar",
            REPO + "org/apache/tomcat/embed/tomcat-embed-core/11.0.22/tomcat-embed-core-11.0.22.jar",
            REPO + "org/apache/tomcat/embed/tomcat-embed-el/11.0.22/tomcat-embed-el-11.0.22.jar",
            REPO + "org/springframework/boot/spring-boot-tomcat/4.0.7/spring-boot-tomcat-4.0.7.jar",
            REPO + "org/springframework/boot/spring-boot-starter-tomcat-runtime/4.0.7/spring-boot-starter-tomcat-runtime-4.0.7.jar",
            REPO + "org/eclipse/jetty/jetty-server/12.1.10/jetty-server-12.1.10.jar",
            REPO + "org/eclipse/jetty/ee11/jetty-ee11-servlet/12.1.10/jetty-ee11-servlet-12.1.10.jar",
            REPO + "org/springframework/boot/spring-boot-jetty/4.0.7/spring-boot-jetty-4.0.7.jar",
            REPO + "io/netty/netty-codec-http/4.2.15.Final/netty-codec-http-4.2.15.Final.jar",
            REPO + "io/projectreactor/netty/reactor-netty-http/1.3.6/reactor-netty-http-1.3.6.jar",
            REPO + "io/projectreactor/reactor-core/3.8.6/reactor-core-3.8.6.jar",
            REPO + "org/springframework/boot/spring-boot-reactor-netty/4.0.7/spring-boot-reactor-netty-4.0.7.jar",
            REPO + "org/springframework/spring-webflux/7.0.8/spring-webflux-7.0.8.jar",
            REPO + "org/springframework/boot/spring-boot-webflux/4.0.7/spring-boot-webflux-4.0.7.jar",
            REPO + "org/springframework/spring-webmvc/7.0.8/spring-webmvc-7.0.8.jar",
            REPO + "org/springframework/boot/spring-boot-webmvc/4.0.7/spring-boot-webmvc-4.0.7.jar",
            REPO + "jakarta/servlet/jakarta.servlet-api/6.1.0/jakarta.servlet-api-6.1.0.jar",
            REPO + "org/apache/kafka/kafka-clients/4.1.2/kafka-clients-4.1.2.jar");

    @Test
    void shouldGiveTheTomcatFloorTomcatAndSpringMvcOnly() {
        List<String> cp = classpath("tomcat");

        assertThat(cp).anyMatch(j -> j.contains("tomcat-embed-core")).anyMatch(j -> j.contains("spring-webmvc"))
                .anyMatch(j -> j.contains("kafka-clients"))
                .noneMatch(j -> j.contains("jetty") || j.contains("netty") || j.contains("webflux")
                        || j.contains("reactor"));
    }

    @Test
    void shouldGiveTheJettyFloorJettyAndSpringMvcOnly() {
        List<String> cp = classpath("jetty");

        assertThat(cp).anyMatch(j -> j.contains("jetty-server")).anyMatch(j -> j.contains("spring-webmvc"))
                .noneMatch(j -> j.contains("tomcat-embed-core") || j.contains("spring-boot-tomcat")
                        || j.contains("netty") || j.contains("webflux"));
    }

    @Test
    void shouldGiveTheWebFluxFloorNettyAndWebFluxWithoutAnyServletContainer() {
        List<String> cp = classpath("webflux-zgc25");

        assertThat(cp).anyMatch(j -> j.contains("reactor-netty-http")).anyMatch(j -> j.contains("spring-webflux"))
                .noneMatch(j -> j.contains("tomcat-embed-core") || j.contains("jetty") || j.contains("webmvc")
                        || j.contains("servlet-api"));
    }

    @Test
    void shouldRunVirtualThreadsOnTemurin25AndZgcVariantsWithZgc() {
        assertThat(FloorTarget.parse("tomcat-virtual").get(0)).satisfies(t -> {
            assertThat(t.jdk25()).isTrue();
            assertThat(t.kind().virtualThreads).isTrue();
        });
        assertThat(FloorTarget.parse("service-zgc25").get(0)).satisfies(t -> {
            assertThat(t.kind()).isEqualTo(FloorTarget.Kind.SERVICE);
            assertThat(t.jdk25()).isTrue();
            assertThat(t.extraJvm()).isEqualTo("-XX:+UseZGC");
            assertThat(t.path()).isEqualTo("/v1/assign");
        });
        assertThat(FloorTarget.parse("tomcat").get(0).path()).isEqualTo("/floor/static");
    }

    @Test
    void shouldGiveTheIo2VariantsTwoEventLoopThreadsOnJava17() {
        assertThat(FloorTarget.parse("webflux-io2,service-io2")).allSatisfy(t -> {
            assertThat(t.jdk25()).isFalse();
            assertThat(t.extraJvm()).isEqualTo("-Dreactor.netty.ioWorkerCount=2");
        }).extracting(FloorTarget::kind).containsExactly(FloorTarget.Kind.WEBFLUX, FloorTarget.Kind.SERVICE);
    }

    @Test
    void shouldRunTheServiceWithoutItsDirectRouteWhenServiceWebFluxIsAsked() {
        assertThat(FloorTarget.parse("service-webflux").get(0)).satisfies(t -> {
            assertThat(t.kind()).isEqualTo(FloorTarget.Kind.SERVICE);
            assertThat(t.jdk25()).isFalse();
            assertThat(t.extraJvm()).isEqualTo("-Dep.assignment.direct-route=false");
            assertThat(t.path()).isEqualTo("/v1/assign");
        });
    }

    @Test
    void shouldGiveTheFloorsAndNotTheServiceAnAnswerOfTenAssignments() {
        assertThat(FloorTarget.parse("webflux-a10,tomcat-a10")).allSatisfy(t -> {
            assertThat(t.jdk25()).isFalse();
            assertThat(t.extraJvm()).isEqualTo("-Dfloor.answer-assignments=10");
            assertThat(t.path()).isEqualTo("/floor/static");
        });
        assertThatThrownBy(() -> FloorTarget.parse("service-a10")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAnUnknownTarget() {
        assertThatThrownBy(() -> FloorTarget.parse("tomcat,undertow"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("undertow");
    }

    private static List<String> classpath(String target) {
        String cp = FloorTarget.parse(target).get(0).floorClasspath(Path.of("bench/floors"), JARS);
        List<String> entries = Arrays.asList(cp.split(":"));
        assertThat(entries.get(0)).isEqualTo("bench/floors/target/classes");
        return entries.subList(1, entries.size());
    }
}
