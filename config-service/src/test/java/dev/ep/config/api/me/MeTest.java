package dev.ep.config.api.me;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import dev.ep.config.change.TeamScope;
import dev.ep.config.security.Caller;
import dev.ep.config.security.Role;
import org.junit.jupiter.api.Test;

class MeTest {

    @Test
    void shouldNameEveryTeamAsWildcardWhenTheScopeCoversAll() {
        Me me = Me.of(new Caller("ops", Role.ADMIN, TeamScope.ALL));

        assertThat(me).isEqualTo(new Me("ops", "admin", java.util.List.of("*"), true, true));
    }

    @Test
    void shouldListTheTeamsSortedWhenAnOwnerIsBoundToTeams() {
        Me me = Me.of(new Caller("carol", Role.OWNER, new TeamScope(false, Set.of("team-checkout", "team-cart"))));

        assertThat(me.teams()).containsExactly("team-cart", "team-checkout");
        assertThat(me.role()).isEqualTo("owner");
        assertThat(me.canWrite()).isTrue();
        assertThat(me.canChangePlatform()).isFalse();
    }

    @Test
    void shouldGiveAViewerNoTeamAndNoRightWhenItOnlyReads() {
        Me me = Me.of(new Caller("dev-viewer", Role.VIEWER, TeamScope.NONE));

        assertThat(me).isEqualTo(new Me("dev-viewer", "viewer", java.util.List.of(), false, false));
    }
}
