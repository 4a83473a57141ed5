package dev.ep.reporting.guardrail;

import dev.ep.reporting.results.ResultsService;
import dev.ep.reporting.stream.ConfigView;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Auto-pause: on when reporting-service has its own token at config-service, otherwise every check does nothing. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(GuardrailProperties.class)
class GuardrailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GuardrailConfiguration.class);

    @Bean
    AutoPause autoPause(ConfigView config, ResultsService results, GuardrailProperties properties, JdbcTemplate jdbc) {
        if (properties.enabled()) {
            log.info("Guardrail auto-pause on: opted-in experiments are paused through {} (checked every {})",
                    properties.configServiceUrl(), properties.interval());
        } else {
            log.info("Guardrail auto-pause off: no token at config-service (EP_REPORTING_CONFIG_SERVICE_TOKEN)");
        }
        AutoPause.Analyses analyses = id -> Optional.ofNullable(
                results.results(id, Optional.empty(), Optional.empty()).results()).map(r -> r.analysis());
        String instance = properties.instanceId() + "/" + UUID.randomUUID();
        return new AutoPause(properties.enabled(), config::get, analyses,
                new GuardrailPolicy(Set.copyOf(properties.higherIsHarm())), ConfigServicePauser.create(properties),
                new PauseMemory(jdbc), instance, properties.claimLease(), properties.memory());
    }
}
