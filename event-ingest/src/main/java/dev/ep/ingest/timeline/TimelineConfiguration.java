package dev.ep.ingest.timeline;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.ObjectMapper;

/** The session timeline endpoint. */
@Configuration(proxyBeanMethods = false)
class TimelineConfiguration {

    @Bean
    TimelineQuery timelineQuery(JdbcTemplate jdbc, ObjectMapper json) {
        return new TimelineQuery(jdbc, json);
    }

    /**
     * Session ids may contain {@code /}, which a path segment can only carry as {@code %2F}. Tomcat refuses
     * {@code %2F} by default; {@code passthrough} hands it to Spring MVC still encoded, whose path matching splits
     * segments on the real {@code /} only and decodes the variable afterwards, so {@code /v1/sessions/a%2Fb/timeline}
     * looks up {@code a/b} while {@code /v1/sessions/a/b/timeline} stays an unknown path (404). Nothing in this service
     * maps a path to a file, so a passed-through {@code %2F} cannot reach anything else.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> encodedSlashInSessionIds() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling(
                "passthrough"));
    }
}
