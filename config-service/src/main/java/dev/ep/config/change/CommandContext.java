package dev.ep.config.change;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import dev.ep.config.problem.Checks;

/**
 * Who asks, why, when, and (optionally) which aggregate version they saw.
 *
 * @param actor           the authenticated principal (never a client-supplied name)
 * @param reason          free text; required to start, ramp and stop
 * @param now             the decision time (from a clock passed in, so tests are deterministic)
 * @param expectedVersion the aggregate version the client based the command on ({@code If-Match})
 * @param scope           whose experiments the actor may create and change (its token's teams)
 */
public record CommandContext(String actor, Optional<String> reason, Instant now, OptionalLong expectedVersion,
        TeamScope scope) {

    public static final int MAX_REASON = 1_000;

    public CommandContext {
        actor = Checks.required("actor", actor, 200);
        reason = reason == null ? Optional.empty() : reason.filter(r -> !r.isBlank());
        reason.ifPresent(r -> Checks.optional("reason", r, MAX_REASON));
        Checks.notNull("now", now);
        expectedVersion = expectedVersion == null ? OptionalLong.empty() : expectedVersion;
        Checks.notNull("scope", scope);
    }

    /** A context covering every team: the service's own actions (bootstrap) and tests of the domain rules. */
    public CommandContext(String actor, Optional<String> reason, Instant now, OptionalLong expectedVersion) {
        this(actor, reason, now, expectedVersion, TeamScope.ALL);
    }

    public static CommandContext of(String actor, String reason, Instant now) {
        return new CommandContext(actor, Optional.ofNullable(reason), now, OptionalLong.empty());
    }

    public CommandContext expecting(long version) {
        return new CommandContext(actor, reason, now, OptionalLong.of(version), scope);
    }
}
