package dev.ep.config.security;

/** The authenticated caller of a request; {@code principal} is the actor recorded in events. */
public record Caller(String principal, Role role) {
}
