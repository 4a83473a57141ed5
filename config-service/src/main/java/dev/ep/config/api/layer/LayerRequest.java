package dev.ep.config.api.layer;

/**
 * Body of {@code POST /v1/layers}; {@code unit} is {@code session} (when left out) or {@code user}, fixed for the
 * layer's life.
 */
record LayerRequest(String id, String name, String description, String unit) {
}
