package dev.ep.registry.system;

import org.springframework.http.MediaType;

/** The content types Confluent's REST API speaks, most preferred first. */
public final class ConfluentMediaTypes {

    public static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    public static final String JSON = "application/vnd.schemaregistry+json";
    public static final MediaType V1_JSON_TYPE = MediaType.parseMediaType(V1_JSON);

    private ConfluentMediaTypes() {
    }
}
