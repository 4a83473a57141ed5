package dev.ep.config;

import java.time.Clock;

import dev.ep.config.store.ConfigStore;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Event-sourced experiment configuration for experiment owners. */
@SpringBootApplication
public class ConfigServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConfigServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** An empty store gets the default layer (as its first event). */
    @Bean
    ApplicationRunner bootstrapDefaultLayer(ConfigStore store) {
        return args -> store.bootstrap();
    }
}
