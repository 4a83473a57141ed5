package dev.ep.config.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer-token authentication as one MVC interceptor rather than Spring Security: a fixed list of hashed tokens
 * and two roles of access need no filter chain, and errors thrown here reach the one problem-details advice.
 * Controllers receive the authenticated {@link Caller} as a method parameter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Refuses to start (naming the settings) when no token is accepted; warns when the dev tokens are. */
    @Bean
    BearerTokenInterceptor bearerTokenInterceptor(SecurityProperties properties) {
        TokenAuthenticator authenticator = new TokenAuthenticator(properties);
        if (properties.devTokens()) {
            log.warn("EP_CONFIG_DEV_TOKENS=true: accepting the public development tokens dev-owner-token, "
                    + "dev-admin-token and dev-viewer-token. Never enable this outside a developer machine.");
        }
        return new BearerTokenInterceptor(authenticator);
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new HandlerMethodArgumentResolver() {
                    @Override
                    public boolean supportsParameter(MethodParameter parameter) {
                        return parameter.getParameterType() == Caller.class;
                    }

                    @Override
                    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                            NativeWebRequest request, WebDataBinderFactory binders) {
                        Object caller = request.getAttribute(BearerTokenInterceptor.CALLER,
                                RequestAttributes.SCOPE_REQUEST);
                        if (caller == null) {
                            throw new IllegalStateException("no authenticated caller: is the handler outside /v1?");
                        }
                        return caller;
                    }
                });
            }
        };
    }
}
