package dev.ep.registry.auth;

import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Write authentication: reads stay open, writes need a writer's basic-auth credentials. The settings are checked when
 * this configuration is created, so a registry without writers (and without the development switch) fails at start,
 * saying what to set; the log says which access it runs with.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    private final WriteAccess access;

    AuthConfiguration(AuthProperties properties) {
        this.access = WriteAccess.from(properties, new SecureRandom());
        if (access instanceof WriteAccess.Guarded guarded) {
            log.info("Schema registry: reads are open; writes need HTTP basic auth as one of {}",
                    guarded.writers().users());
        } else {
            log.warn("Schema registry: ANYONE may register, delete and change compatibility levels"
                    + " (registry.auth.allow-anonymous-writes=true, for development only)");
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (access instanceof WriteAccess.Guarded guarded) {
            registry.addInterceptor(new WriteAuthInterceptor(guarded.writers()));
        }
    }
}
