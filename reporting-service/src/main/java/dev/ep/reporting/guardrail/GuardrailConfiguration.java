package dev.ep.reporting.guardrail;

import dev.ep.reporting.results.ResultsService;
import dev.ep.reporting.stream.ConfigView;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Auto-pause: on when reporting-service has its own token at config-service, otherwise every check does nothing. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(GuardrailProperties.class)
class GuardrailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GuardrailConfiguration.class);

    @Bean
    AutoPause autoPause(ConfigView config, ResultsService results, GuardrailProperties properties) {
        if (properties.enabled()) {
            log.info("Guardrail auto-pause on: opted-in experiments are paused through {} (checked every {})",
                    properties.configServiceUrl(), properties.interval());
        } else {
            log.info("Guardrail auto-pause off: no token at config-service (EP_REPORTING_CONFIG_SERVICE_TOKEN)");
        }
        return new AutoPause(properties.enabled(), config, results,
                new GuardrailPolicy(Set.copyOf(properties.higherIsHarm())), ConfigServicePauser.create(properties));
    }
}
