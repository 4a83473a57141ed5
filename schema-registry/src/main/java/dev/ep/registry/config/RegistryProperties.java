package dev.ep.registry.config;

import dev.ep.registry.core.CompatibilityLevel;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Registry settings.
 *
 * @param defaultCompatibility the global compatibility level until {@code PUT /config} sets one (Confluent: BACKWARD)
 */
@Validated
@ConfigurationProperties("registry")
public record RegistryProperties(@NotNull CompatibilityLevel defaultCompatibility) {

    public RegistryProperties {
        if (defaultCompatibility == null) {
            defaultCompatibility = CompatibilityLevel.BACKWARD;
        }
    }
}
