package dev.ep.registry.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses Avro schemas and gives them their identity.
 *
 * <p>Identity is deliberately not Avro's Parsing Canonical Form: that form drops defaults, docs, aliases and
 * logical types, so two schemas that resolve data differently would share an id and the second one's defaults
 * would be lost. Like Confluent, the registry compares Avro's full rendering of the parsed schema, which
 * already ignores whitespace and the order of standard attributes; the fingerprint additionally sorts every
 * JSON object's keys so that the order of custom properties and of keys inside default values does not matter.
 */
public final class AvroSchemas {

    public static final String TYPE = "AVRO";

    /**
     * Deepest JSON nesting a schema text may have (about 65 nested records, 200 nested arrays): far beyond real
     * schemas, and low enough that every recursive walk over a schema (Avro's parser and printer, the compatibility
     * check, the fingerprint) stays well inside a thread's stack and the JSON parsers' own limits.
     */
    public static final int MAX_NESTING_DEPTH = 200;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AvroSchemas() {
    }

    /** Accepts a missing schema type as AVRO (Confluent's default) and rejects the types this registry lacks. */
    public static void requireSupportedType(String schemaType) {
        if (schemaType != null && !schemaType.isBlank() && !TYPE.equals(schemaType.trim().toUpperCase(Locale.ROOT))) {
            throw RegistryException.invalidSchema("schema type " + schemaType
                    + " is not supported by this registry; supported types: [" + TYPE + "]");
        }
    }

    /**
     * Parses {@code text}, with the types defined by {@code referencedTexts} (texts of the referenced schemas,
     * each one's own references before it) known to the parser.
     *
     * @throws RegistryException 42201 when the text is not a valid Avro schema
     */
    public static CanonicalSchema parse(String text, List<SchemaReference> references, List<String> referencedTexts) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        String unstorable = StorableText.problem(text);
        if (unstorable != null) {
            throw RegistryException.invalidSchema("the schema text " + unstorable);
        }
        if (nestingDepth(text) > MAX_NESTING_DEPTH) {
            throw RegistryException.invalidSchema("the schema nests deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        Schema.Parser parser = new Schema.Parser();
        List<Schema> referenced = new ArrayList<>();
        for (String referencedText : referencedTexts) {
            referenced.add(parseWith(parser, referencedText, "referenced schema"));
        }
        Schema schema = parseWith(parser, text, "schema");
        String canonicalText = referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false);
        // JSON escapes in the text (a doc of "\ud800") can still decode to what PostgreSQL cannot store.
        String unstorableRendering = StorableText.problem(canonicalText);
        if (unstorableRendering != null) {
            throw RegistryException.invalidSchema("the schema " + unstorableRendering);
        }
        return new CanonicalSchema(schema, canonicalText, fingerprint(canonicalText, references), references);
    }

    /** Parses a schema without references. */
    public static CanonicalSchema parse(String text) {
        return parse(text, List.of(), List.of());
    }

    /**
     * The deepest nesting of objects and arrays in a JSON text, counted without parsing (brackets inside strings do
     * not count), so that a hostile text cannot exhaust the stack before it is refused.
     */
    static int nestingDepth(String json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return deepest;
    }

    private static Schema parseWith(Schema.Parser parser, String text, String what) {
        try {
            return parser.parse(text);
        } catch (RuntimeException e) {
            // The text is client input: whatever Avro rejects (syntax, unknown type, bad default) is a 42201.
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw RegistryException.invalidSchema(what + " is not valid Avro: " + detail);
        }
    }

    static String fingerprint(String canonicalText, List<SchemaReference> references) {
        StringBuilder identity = new StringBuilder(TYPE).append('\n').append(sortedJson(canonicalText));
        for (SchemaReference reference : references) {
            identity.append('\n').append(reference.name()).append('\u0000').append(reference.subject())
                    .append('\u0000').append(reference.version());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The JSON text re-rendered compactly with every object's keys in sorted order. */
    static String sortedJson(String json) {
        try {
            return JSON.writeValueAsString(sorted(JSON.readTree(json)));
        } catch (JacksonException e) {
            throw new IllegalStateException("Avro rendered a schema that is not JSON: " + json, e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> byKey = new TreeMap<>();
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                byKey.put(property.getKey(), sorted(property.getValue()));
            }
            ObjectNode result = JSON.createObjectNode();
            byKey.forEach(result::set);
            return result;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode result = JSON.createArrayNode();
            for (JsonNode element : array) {
                result.add(sorted(element));
            }
            return result;
        }
        return node;
    }
}
