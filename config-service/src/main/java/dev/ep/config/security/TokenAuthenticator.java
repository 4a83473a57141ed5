package dev.ep.config.security;

import dev.ep.access.TokenHashes;
import java.util.List;
import java.util.Optional;

/**
 * Finds the caller of a bearer token through the platform's one token model (access-tokens {@link TokenHashes}): the
 * presented token is hashed and compared with every configured hash in constant time, without stopping at the first
 * match, so the time taken does not tell which token, or how much of one, was right.
 */
public final class TokenAuthenticator {

    private final List<SecurityProperties.Token> tokens;
    private final TokenHashes hashes;

    public TokenAuthenticator(SecurityProperties properties) {
        this.tokens = properties.accepted();
        this.hashes = TokenHashes.of("ep.config.security.tokens",
                tokens.stream().map(SecurityProperties.Token::sha256).toList());
    }

    public Optional<Caller> authenticate(String token) {
        return hashes.indexOf(token).stream().mapToObj(tokens::get).findFirst()
                .map(t -> new Caller(t.principal(), t.role(), t.scope()));
    }
}
