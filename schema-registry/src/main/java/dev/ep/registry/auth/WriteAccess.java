package dev.ep.registry.auth;

import java.security.SecureRandom;

/** Who may write: anyone (the development switch), or only the configured writers. */
sealed interface WriteAccess {

    String NO_WRITERS = "The schema registry has no write credentials. Set EP_REGISTRY_WRITERS=user:<hash> (make the"
            + " hash with: java -jar schema-registry-*-exec.jar hash-password) or EP_REGISTRY_WRITER_USER_INFO="
            + "user:password; or, for development only, EP_REGISTRY_ALLOW_ANONYMOUS_WRITES=true.";

    /** {@code registry.auth.allow-anonymous-writes=true}: anyone may write. */
    record Anonymous() implements WriteAccess {
    }

    /** Writes need the basic-auth credentials of one of these writers. */
    record Guarded(Writers writers) implements WriteAccess {
    }

    /**
     * Reads the settings; refuses no writers without the development switch, and writers together with it (one of
     * them would be a mistake).
     */
    static WriteAccess from(AuthProperties properties, SecureRandom random) {
        Writers writers;
        try {
            writers = Writers.parse(properties.writers(), random);
            String userInfo = properties.writerUserInfo();
            if (userInfo != null && !userInfo.isBlank()) {
                writers = writers.with(userInfo.strip(), PasswordHash.DEFAULT_ITERATIONS, random);
            }
        } catch (IllegalArgumentException e) {
            throw new WriteAccessException("The schema registry's write credentials are invalid: " + e.getMessage());
        }
        if (properties.allowAnonymousWrites()) {
            if (!writers.isEmpty()) {
                throw new WriteAccessException("registry.auth.allow-anonymous-writes=true together with configured"
                        + " writers " + writers.users() + ": choose one (anonymous writes are for development only)");
            }
            return new Anonymous();
        }
        if (writers.isEmpty()) {
            throw new WriteAccessException(NO_WRITERS);
        }
        return new Guarded(writers);
    }
}
