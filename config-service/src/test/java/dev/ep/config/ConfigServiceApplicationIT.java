package dev.ep.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.config.support.ConfigTopics;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

@SpringBootTest(properties = "ep.config.security.dev-tokens=true", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConfigServiceApplicationIT {

    static final Database DB = TestPlatform.postgres().newDatabase("config_service");

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        ConfigTopics.register(registry, DB);
    }

    @LocalServerPort
    int port;

    @Test
    void shouldReportHealthUpWhenStartedAgainstPostgresAndKafka() {
        String body = RestClient.create("http://127.0.0.1:" + port)
                .get().uri("/actuator/health")
                .retrieve().body(String.class);

        assertThat(body).contains("\"status\":\"UP\"");
        assertThat(RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/prometheus").retrieve()
                .body(String.class)).as("Prometheus' format").contains("# HELP jvm_memory_used_bytes");
    }
}
