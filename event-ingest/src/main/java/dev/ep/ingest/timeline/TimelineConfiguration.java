package dev.ep.ingest.timeline;

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
}
