package dev.ep.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Loads every event from Kafka into PostgreSQL, exactly once, and serves session timelines. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EventIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(EventIngestApplication.class, args);
    }
}
