package dev.ep.config.experiment;

import java.nio.charset.StandardCharsets;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A treatment's variables: a JSON object the storefront applies, kept as compact JSON text of at
 * most {@value #MAX_BYTES} bytes (UTF-8). Duplicate keys are refused; numbers keep their exact text (no rounding
 * through {@code double}).
 */
public record Variables(String json) {

    public static final int MAX_BYTES = 16 * 1024;
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32).maxDocumentLength(4L * MAX_BYTES).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // numbers stay exactly as written (19.999999999999999999, 1.50, 1e400), never rounded to a double
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** No variables; declared after the mapper it needs. */
    public static final Variables EMPTY = new Variables("{}");

    public Variables {
        if (json == null) {
            throw new ConfigException(ErrorCode.INVALID_VARIABLES, "variables: must be a JSON object");
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new ConfigException(ErrorCode.INVALID_VARIABLES, "variables: are " + bytes
                    + " bytes, at most " + MAX_BYTES + " allowed");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new ConfigException(ErrorCode.INVALID_VARIABLES, "variables: malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException(ErrorCode.INVALID_VARIABLES, "variables: must be a JSON object");
        }
        json = MAPPER.writeValueAsString(node);
    }
}
