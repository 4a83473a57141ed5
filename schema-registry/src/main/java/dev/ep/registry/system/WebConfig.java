package dev.ep.registry.system;

import dev.ep.registry.core.ErrorCode;
import dev.ep.webedge.BodyLimitFilter;
import dev.ep.webedge.Refusal;
import dev.ep.webedge.RequestGuardFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web edge: JSON bodies read whatever their content type claims (as Confluent's server does), the request guard
 * first in every filter chain, and Confluent's error body from Tomcat itself.
 */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    /**
     * Reads JSON bodies sent as {@code application/octet-stream} or without a content type, as Confluent's server
     * does (curl and some clients send them so). Confluent's vendor types are {@code +json} and already read as JSON.
     */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConverters(converter -> {
            if (converter instanceof JacksonJsonHttpMessageConverter json) {
                List<MediaType> types = new ArrayList<>(json.getSupportedMediaTypes());
                if (!types.contains(MediaType.APPLICATION_OCTET_STREAM)) {
                    types.add(MediaType.APPLICATION_OCTET_STREAM);
                }
                json.setSupportedMediaTypes(types);
            }
        });
    }

    /**
     * The shared edge guard (web-edge), first for every request: a method the API does not use is a 405 (Tomcat
     * would answer CONNECT with a 501), a query string that does not decode to text a 400 (Tomcat would throw from
     * the first parameter lookup), a wildcard {@code Content-Type} a 415 (Spring's request headers refuse to hold
     * one), each in Confluent's error body.
     */
    @Bean
    FilterRegistrationBean<RequestGuardFilter> requestGuardFilter() {
        FilterRegistrationBean<RequestGuardFilter> registration = new FilterRegistrationBean<>(
                new RequestGuardFilter(WebConfig::refuse, false));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after the character-encoding filter
        return registration;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal)
            throws IOException {
        switch (refusal.kind()) {
            case NOT_FOUND -> ErrorResponses.write(response, ErrorCode.ROUTE_NOT_FOUND, ErrorResponses.plainMessage(404));
            case METHOD_NOT_ALLOWED -> ErrorResponses.write(response, ErrorCode.METHOD_NOT_ALLOWED,
                    ErrorResponses.plainMessage(405));
            case WILDCARD_CONTENT_TYPE -> ErrorResponses.write(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "HTTP 415 Unsupported Media Type: a Content-Type cannot be a wildcard");
            case MALFORMED_QUERY, MALFORMED_PATH -> ErrorResponses.write(response, ErrorCode.BAD_REQUEST,
                    "Malformed query string: " + refusal.detail());
            case PAYLOAD_TOO_LARGE -> ErrorResponses.write(response, ErrorCode.PAYLOAD_TOO_LARGE, refusal.detail());
        }
    }

    /**
     * The shared request body limit (web-edge), right after the guard: a body larger than the limit is a 413 in
     * Confluent's body, checked on the declared length when there is one, and always on the bytes as they are read,
     * so a chunked body without a length is cut off too; the body is streamed, never buffered.
     */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(LimitsProperties limits) {
        long limit = limits.maxRequestSize().toBytes();
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(new BodyLimitFilter(
                request -> limit, (request, response, refusal) -> ErrorResponses.write(response,
                        ErrorCode.PAYLOAD_TOO_LARGE, ErrorAdvice.tooLarge(limit))));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /**
     * Makes {@link ConfluentErrorReportValve} the host's only error report valve. Boot adds a plain
     * {@link ErrorReportValve} from a context customizer of its own, in no order relative to this one, so the plain
     * one is removed once every customizer has run, just before the host starts (and adds ours).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> confluentErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ConfluentErrorReportValve.class.getName());
                host.addLifecycleListener(event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        for (Valve valve : host.getPipeline().getValves()) {
                            if (valve.getClass() == ErrorReportValve.class) {
                                host.getPipeline().removeValve(valve);
                            }
                        }
                    }
                });
            }
        });
    }
}
