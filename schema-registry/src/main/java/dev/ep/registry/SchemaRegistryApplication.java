package dev.ep.registry;

import dev.ep.registry.auth.HashPasswordCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Confluent-compatible Avro schema registry on PostgreSQL. In-process use: {@link EmbeddedSchemaRegistry}. With the
 * single argument {@code hash-password} it prints a password hash for {@code EP_REGISTRY_WRITERS} instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SchemaRegistryApplication {

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals(HashPasswordCommand.NAME)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.exit(HashPasswordCommand.run(in, System.out, System.err));
        }
        SpringApplication.run(SchemaRegistryApplication.class, args);
    }
}
