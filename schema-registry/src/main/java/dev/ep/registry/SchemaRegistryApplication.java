package dev.ep.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Confluent-compatible Avro schema registry on PostgreSQL. In-process use: {@link EmbeddedSchemaRegistry}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SchemaRegistryApplication {

    public static void main(String[] args) {
        SpringApplication.run(SchemaRegistryApplication.class, args);
    }
}
