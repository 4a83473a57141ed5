package dev.ep.reporting.guardrail;

import dev.ep.reporting.results.ResultsService;
import dev.ep.reporting.stream.ConfigView;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Auto-pause, on when reporting-service has its own token at config-service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GuardrailProperties.class)
class GuardrailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GuardrailConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnExpression("'${ep.reporting.guardrail.token:}' != ''")
    static class Enabled {
        @Bean
        AutoPause autoPause(ConfigView config, ResultsService results, GuardrailProperties properties) {
            log.info("Guardrail auto-pause on: opted-in experiments are paused through {} every {}",
                    properties.configServiceUrl(), properties.interval());
            return new AutoPause(config, results, new GuardrailPolicy(Set.copyOf(properties.higherIsHarm())),
                    ConfigServicePauser.create(properties));
        }
    }
}
