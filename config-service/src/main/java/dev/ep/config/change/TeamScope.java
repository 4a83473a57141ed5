package dev.ep.config.change;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whose experiments a caller may change: every team's ({@link #ALL}: admins, the service itself, an owner token
 * configured with {@code *}) or only those whose {@code owner} is one of the named teams. An experiment's
 * {@code owner} is the team that owns it; an owner token is bound to its teams, so one team cannot ramp, stop or
 * take over another team's experiment.
 *
 * @param all   true when every team is covered
 * @param teams the teams covered when {@code all} is false (exact, case-sensitive names, as experiments store them)
 */
public record TeamScope(boolean all, Set<String> teams) {

    /** Every team. */
    public static final TeamScope ALL = new TeamScope(true, Set.of());
    /** No team (a viewer: reads only). */
    public static final TeamScope NONE = new TeamScope(false, Set.of());
    /** The wildcard that grants every team in a token's team list. */
    public static final String WILDCARD = "*";

    public TeamScope {
        teams = all ? Set.of() : Set.copyOf(new TreeSet<>(teams == null ? Set.of() : teams));
    }

    /** The named teams; {@code *} among them means every team; blank names are ignored. */
    public static TeamScope of(Collection<String> names) {
        Set<String> teams = new TreeSet<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            if (name.strip().equals(WILDCARD)) {
                return ALL;
            }
            teams.add(name.strip());
        }
        return new TeamScope(false, teams);
    }

    public boolean covers(String owner) {
        return all || teams.contains(owner);
    }

    @Override
    public String toString() {
        return all ? "every team" : teams.isEmpty() ? "no team" : "team(s) " + String.join(", ", teams);
    }
}
