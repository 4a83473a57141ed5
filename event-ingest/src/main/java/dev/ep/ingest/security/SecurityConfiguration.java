package dev.ep.ingest.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The timeline's credential check as one MVC interceptor over every path (see {@link CredentialInterceptor}); no
 * Spring Security, as in config-service: a list of hashes and one level of access need no filter chain, and the 401
 * reaches the one problem-details advice. Refuses to start without any configured credential
 * ({@link AccessProperties}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    CredentialInterceptor credentialInterceptor(AccessProperties properties) {
        if (properties.devTokens()) {
            LOG.warn("DEVELOPMENT TOKENS ENABLED (EP_INGEST_DEV_TOKENS=true): the timeline accepts {}. "
                    + "Never enable this outside a developer machine.", AccessProperties.DEV_TOKENS);
        }
        LOG.info("timeline credentials: {} bearer token hash(es), {} API key hash(es){}",
                properties.viewerTokenHashes().size(), properties.apiKeyHashes().size(),
                properties.devTokens() ? ", plus the development tokens" : "");
        return new CredentialInterceptor(new Credentials(properties));
    }

    @Bean
    WebMvcConfigurer credentialCheck(CredentialInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }
}
