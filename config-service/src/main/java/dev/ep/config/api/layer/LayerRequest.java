package dev.ep.config.api.layer;

/** Body of {@code POST /v1/layers}. */
record LayerRequest(String id, String name, String description) {
}
