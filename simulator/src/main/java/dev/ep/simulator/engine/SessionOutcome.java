package dev.ep.simulator.engine;

import java.util.List;

/** What a session did: its path of pages, its orders and revenue (minor units), and whether it logged in. */
public record SessionOutcome(long index, List<String> path, int orders, long revenueMinor, boolean loggedIn) {
}
