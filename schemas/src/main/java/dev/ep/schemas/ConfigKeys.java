package dev.ep.schemas;

import dev.ep.events.v1.AggregateType;
import java.util.Locale;

/**
 * Record keys of the config topics ({@code ep.config.experiments}, {@code ep.config.changes}):
 * {@code experiment:<id>}, {@code layer:<id>}, {@code metric:<name>} and {@code holdout}. The key is the unit of
 * compaction: the latest snapshot per key is the aggregate's current state.
 */
public final class ConfigKeys {

  /** Key and aggregate id of the single platform holdout. */
  public static final String HOLDOUT = "holdout";

  private ConfigKeys() {
  }

  public static String experiment(String id) {
    return of(AggregateType.EXPERIMENT, id);
  }

  public static String layer(String id) {
    return of(AggregateType.LAYER, id);
  }

  public static String metric(String name) {
    return of(AggregateType.METRIC, name);
  }

  /** The key of an aggregate; the holdout's is {@value #HOLDOUT} whatever id is passed. */
  public static String of(AggregateType type, String id) {
    return switch (type) {
      case HOLDOUT -> HOLDOUT;
      case EXPERIMENT, LAYER, METRIC -> {
        if (id == null || id.isBlank()) {
          throw new IllegalArgumentException(type + " key needs an id");
        }
        yield type.name().toLowerCase(Locale.ROOT) + ":" + id;
      }
      case UNKNOWN -> throw new IllegalArgumentException("No key for aggregate type UNKNOWN");
    };
  }
}
