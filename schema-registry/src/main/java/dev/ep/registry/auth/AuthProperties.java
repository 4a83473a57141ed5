package dev.ep.registry.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may write (register, delete, change compatibility levels). Without any writer the registry refuses to start,
 * unless anonymous writes are switched on explicitly for development.
 *
 * @param writers {@code user:pbkdf2-sha256:...} entries, comma-separated: the production form, only hashes
 *     ({@code EP_REGISTRY_WRITERS}; {@code java -jar schema-registry-*-exec.jar hash-password} makes a hash)
 * @param writerUserInfo one more writer as {@code user:password}, hashed at start and not kept
 *     ({@code EP_REGISTRY_WRITER_USER_INFO}; what the local platform and tests use)
 * @param allowAnonymousWrites the development switch: anyone may write, and no writer may be configured
 *     ({@code EP_REGISTRY_ALLOW_ANONYMOUS_WRITES}, default false)
 */
@ConfigurationProperties("registry.auth")
public record AuthProperties(String writers, String writerUserInfo, boolean allowAnonymousWrites) {

    @Override
    public String toString() {
        return "AuthProperties[writers=" + (writers == null || writers.isBlank() ? "none" : "***")
                + ", writerUserInfo=" + (writerUserInfo == null || writerUserInfo.isBlank() ? "none" : "***")
                + ", allowAnonymousWrites=" + allowAnonymousWrites + "]";
    }
}
