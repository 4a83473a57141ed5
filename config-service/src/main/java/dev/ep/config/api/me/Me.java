package dev.ep.config.api.me;

import java.util.List;
import java.util.Locale;

import dev.ep.config.change.TeamScope;
import dev.ep.config.security.Caller;

/**
 * Who a token is and what it may do, for a client that hides what its user may not do (the service still refuses
 * it). {@code teams} are the experiment owners the token may create and change: {@code ["*"]} for every team (admins,
 * an owner token configured with {@code *}), none for a viewer.
 *
 * @param name              the principal, recorded as the actor of every change the token makes
 * @param role              {@code viewer}, {@code owner} or {@code admin}
 * @param teams             teams whose experiments it may change, sorted; {@code *} = every team
 * @param canWrite          may change experiments and metrics (owner, admin)
 * @param canChangePlatform may change layers, the holdout and metric settings (admin)
 */
record Me(String name, String role, List<String> teams, boolean canWrite, boolean canChangePlatform) {

    static Me of(Caller caller) {
        TeamScope scope = caller.scope();
        List<String> teams = scope.all() ? List.of(TeamScope.WILDCARD) : scope.teams().stream().sorted().toList();
        return new Me(caller.principal(), caller.role().name().toLowerCase(Locale.ROOT), teams,
                caller.role().canWrite(), caller.role().canChangePlatform());
    }
}
