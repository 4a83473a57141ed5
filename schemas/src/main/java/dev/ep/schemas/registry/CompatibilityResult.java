package dev.ep.schemas.registry;

import java.util.List;

/** Answer of {@code POST /compatibility/subjects/{s}/versions/{v}}; messages are filled when the registry gives them. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}
