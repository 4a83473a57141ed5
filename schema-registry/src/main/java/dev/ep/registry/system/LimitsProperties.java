package dev.ep.registry.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Request limits.
 *
 * @param maxRequestSize the largest request body accepted, counted on the bytes as they arrive (a chunked body has no
 *     length to check beforehand); larger ones get 413 ({@code EP_REGISTRY_MAX_REQUEST_SIZE}, default 1MB)
 */
@ConfigurationProperties("registry.limits")
public record LimitsProperties(@DefaultValue("1MB") DataSize maxRequestSize) {

    public LimitsProperties {
        if (maxRequestSize == null) {
            maxRequestSize = DataSize.ofMegabytes(1);
        }
        if (maxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("registry.limits.max-request-size must be at least 1 byte");
        }
    }
}
