package dev.ep.config.security;

import dev.ep.config.change.TeamScope;

/**
 * The authenticated caller of a request; {@code principal} is the actor recorded in events, {@code scope} the teams
 * whose experiments it may change.
 */
public record Caller(String principal, Role role, TeamScope scope) {
}
