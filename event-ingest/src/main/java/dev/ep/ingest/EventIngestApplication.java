package dev.ep.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Loads every event from Kafka into PostgreSQL. */
@SpringBootApplication
public class EventIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(EventIngestApplication.class, args);
    }
}
