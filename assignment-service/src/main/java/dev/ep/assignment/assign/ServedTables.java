package dev.ep.assignment.assign;

import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.snapshot.ConfigFeed;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link ServedTable} of the snapshot being served and of the one before it. The feed thread prepares a new
 * snapshot's table before it swaps the snapshot in ({@link ConfigFeed#beforeServing}), so a request never builds one:
 * a request that read the snapshot just before a swap finds the previous table. A snapshot served without a table
 * (one loaded before this bean registered) gets its table built by the first request that needs it.
 *
 * <p>Bound: two tables (the one a request builds for an older snapshot than the served one is not kept).
 */
@Component
class ServedTables {

    private final ConfigFeed feed;
    private final JsonMapper mapper;
    private volatile ServedTable latest;
    private volatile ServedTable before;

    ServedTables(ConfigFeed feed, JsonMapper mapper) {
        this.feed = feed;
        this.mapper = mapper;
        feed.beforeServing(this::prepare);
    }

    /** On the feed thread, before {@code next} is served. */
    synchronized void prepare(CompiledConfig next) {
        keep(ServedTable.of(next, mapper));
    }

    /** The table of {@code config}. */
    ServedTable of(CompiledConfig config) {
        ServedTable t = latest;
        if (t != null && t.config() == config) {
            return t;
        }
        t = before;
        if (t != null && t.config() == config) {
            return t;
        }
        return build(config);
    }

    private synchronized ServedTable build(CompiledConfig config) {
        ServedTable t = latest;
        if (t != null && t.config() == config) {
            return t;
        }
        t = ServedTable.of(config, mapper);
        if (config == feed.current()) {
            keep(t);
        }
        return t;
    }

    private void keep(ServedTable t) {
        before = latest;
        latest = t;
    }
}
