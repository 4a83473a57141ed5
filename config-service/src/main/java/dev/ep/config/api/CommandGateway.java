package dev.ep.config.api;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;

import dev.ep.config.change.CommandContext;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigState;
import dev.ep.config.dryrun.DryRun;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.security.Caller;
import dev.ep.config.store.ConfigStore;
import dev.ep.config.system.ApiError;
import dev.ep.config.system.ApiException;
import org.springframework.stereotype.Component;

/**
 * Runs a command for an authenticated caller: the actor is the caller's principal (never a name from the body),
 * the expected version comes from {@code If-Match} (a stale one is 412) or from the body's {@code expectedVersion}
 * (a stale one is 409).
 */
@Component
public class CommandGateway {

    private final ConfigStore store;

    public CommandGateway(ConfigStore store) {
        this.store = store;
    }

    public ConfigState execute(ConfigCommand command, Caller caller, String reason, String ifMatch,
            Long expectedVersion) {
        return run(command, caller, reason, ifMatch, expectedVersion, (c, context) -> store.execute(c, context).state());
    }

    /**
     * What the command would do, checked exactly as {@link #execute} checks it (role, team, version, validation),
     * without appending, publishing or changing anything.
     */
    public DryRun dryRun(ConfigCommand command, Caller caller, String reason, String ifMatch, Long expectedVersion) {
        return run(command, caller, reason, ifMatch, expectedVersion, store::dryRun);
    }

    private <T> T run(ConfigCommand command, Caller caller, String reason, String ifMatch, Long expectedVersion,
            BiFunction<ConfigCommand, CommandContext, T> action) {
        OptionalLong fromHeader = parseIfMatch(ifMatch);
        OptionalLong expected = fromHeader.isPresent() ? fromHeader
                : expectedVersion == null ? OptionalLong.empty() : OptionalLong.of(expectedVersion);
        try {
            return action.apply(command,
                    store.context(caller.principal(), Optional.ofNullable(reason), expected, caller.scope()));
        } catch (ConfigException e) {
            if (e.code() == ErrorCode.VERSION_CONFLICT && fromHeader.isPresent()) {
                throw new ApiException(ApiError.PRECONDITION_FAILED, "If-Match: " + e.getMessage());
            }
            throw e;
        }
    }

    public ConfigState state() {
        return store.state();
    }

    public ConfigStore store() {
        return store;
    }

    /** {@code "7"}, {@code W/"7"} or {@code 7}; {@code *} means any version. */
    static OptionalLong parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            long version = Long.parseLong(v);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(version);
        } catch (NumberFormatException e) {
            throw new ApiException(ApiError.INVALID_PARAMETER, "If-Match: '" + ifMatch
                    + "' is not an entity tag of this service (the aggregate version, e.g. \"3\")");
        }
    }

    /** The entity tag of an aggregate version. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
