package dev.ep.deploy.k8s;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A schema of the fields used, for the custom resources whose operator publishes no Java model (CloudNativePG): a small subset of JSON Schema, read from YAML. An object schema lists its {@code properties};
 * any other field is rejected unless {@code additionalProperties} gives a schema for free-form keys (labels, broker
 * config). Supported keywords:
 *
 * <ul>
 *   <li>{@code type}: {@code object}, {@code array}, {@code string}, {@code integer}, {@code boolean},
 *       {@code scalar} (string, number or boolean: Kafka config values), {@code quantity} (a Kubernetes resource
 *       quantity, {@code 500m}, {@code 2Gi}, {@code 1});</li>
 *   <li>{@code properties}, {@code required}, {@code additionalProperties} (objects); {@code items},
 *       {@code minItems} (arrays); {@code enum}, {@code pattern} (whole-value match) (strings);
 *       {@code minimum}, {@code maximum} (integers);</li>
 *   <li>{@code $ref: name}: the schema {@code name} of the file's top-level {@code definitions}.</li>
 * </ul>
 *
 * An unknown keyword in a schema is an error when the schema is built, so a typo there cannot pass everything.
 */
public final class FieldSchema {

    private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties",
            "items", "minItems", "enum", "pattern", "minimum", "maximum", "$ref", "description");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "boolean", "scalar",
            "quantity");
    private static final Pattern QUANTITY = Pattern.compile(
            "[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");

    private final Map<String, Object> root;
    private final Map<String, Object> definitions;

    private FieldSchema(Map<String, Object> root, Map<String, Object> definitions) {
        this.root = root;
        this.definitions = definitions;
    }

    /**
     * A schema from its parsed YAML: the schema itself, plus an optional top-level {@code definitions} map.
     *
     * @throws IllegalArgumentException when the schema uses a keyword or type this class does not know, or a
     *     {@code $ref} to no definition
     */
    @SuppressWarnings("unchecked")
    public static FieldSchema of(Map<String, Object> document) {
        Map<String, Object> definitions = document.get("definitions") instanceof Map<?, ?> defs
                ? (Map<String, Object>) defs : Map.of();
        Map<String, Object> root = new java.util.LinkedHashMap<>(document);
        root.remove("definitions");
        FieldSchema schema = new FieldSchema(root, definitions);
        schema.check(root, "");
        definitions.forEach((name, definition) -> schema.check(asSchema(definition, name), "definitions." + name));
        return schema;
    }

    /** The problems of {@code value} against this schema, located under {@code path}. */
    public void validate(String object, Object value, String path, List<Problem> problems) {
        validate(object, root, value, path, problems);
    }

    @SuppressWarnings("unchecked")
    private void validate(String object, Map<String, Object> schema, Object value, String path,
            List<Problem> problems) {
        Map<String, Object> s = resolve(schema);
        String type = (String) s.get("type");
        if (value == null) {
            problems.add(new Problem(object, path, "has no value (expected " + type + ")"));
            return;
        }
        switch (type) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(wrongType(object, path, type, value));
                    return;
                }
                validateObject(object, s, (Map<String, Object>) map, path, problems);
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(wrongType(object, path, type, value));
                    return;
                }
                if (s.get("minItems") instanceof Integer min && list.size() < min) {
                    problems.add(new Problem(object, path, "needs at least " + min + " items, has " + list.size()));
                }
                Map<String, Object> items = (Map<String, Object>) s.get("items");
                for (int i = 0; i < list.size(); i++) {
                    validate(object, items, list.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!(value instanceof String text)) {
                    problems.add(wrongType(object, path, type, value));
                    return;
                }
                checkEnumAndPattern(object, s, text, path, problems);
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    problems.add(wrongType(object, path, type, value));
                    return;
                }
                long number = ((Number) value).longValue();
                if (s.get("minimum") instanceof Number min && number < min.longValue()) {
                    problems.add(new Problem(object, path, number + " is below the minimum " + min));
                }
                if (s.get("maximum") instanceof Number max && number > max.longValue()) {
                    problems.add(new Problem(object, path, number + " is above the maximum " + max));
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(wrongType(object, path, type, value));
                }
            }
            case "scalar" -> {
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    problems.add(wrongType(object, path, type, value));
                }
            }
            case "quantity" -> {
                String text = value instanceof Integer || value instanceof Long ? value.toString()
                        : value instanceof String string ? string : null;
                if (text == null || !QUANTITY.matcher(text).matches()) {
                    problems.add(new Problem(object, path, "'" + value + "' is not a resource quantity"
                            + " (e.g. 500m, 2Gi, 1)"));
                }
            }
            default -> throw new IllegalStateException("unchecked type " + type);
        }
    }

    @SuppressWarnings("unchecked")
    private void validateObject(String object, Map<String, Object> s, Map<String, Object> map, String path,
            List<Problem> problems) {
        Map<String, Object> properties = s.get("properties") instanceof Map<?, ?> p
                ? (Map<String, Object>) p : Map.of();
        List<Object> required = s.get("required") instanceof List<?> r ? (List<Object>) r : List.of();
        for (Object name : required) {
            if (!map.containsKey(name)) {
                problems.add(new Problem(object, join(path, name.toString()), "is required"));
            }
        }
        Map<String, Object> additional = s.get("additionalProperties") instanceof Map<?, ?> a
                ? (Map<String, Object>) a : null;
        for (Map.Entry<String, Object> field : map.entrySet()) {
            String fieldPath = join(path, String.valueOf(field.getKey()));
            Object fieldSchema = properties.get(field.getKey());
            if (fieldSchema != null) {
                validate(object, (Map<String, Object>) fieldSchema, field.getValue(), fieldPath, problems);
            } else if (additional != null) {
                validate(object, additional, field.getValue(), fieldPath, problems);
            } else {
                problems.add(new Problem(object, fieldPath, "unknown field (known: " + String.join(", ",
                        properties.keySet()) + ")"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkEnumAndPattern(String object, Map<String, Object> s, String text, String path,
            List<Problem> problems) {
        if (s.get("enum") instanceof List<?> allowed && !allowed.contains(text)) {
            problems.add(new Problem(object, path, "'" + text + "' is not one of " + allowed));
        }
        if (s.get("pattern") instanceof String regex && !Pattern.compile(regex).matcher(text).matches()) {
            problems.add(new Problem(object, path, "'" + text + "' does not match " + regex));
        }
    }

    private static Problem wrongType(String object, String path, String type, Object value) {
        String actual = value instanceof Map<?, ?> ? "object" : value instanceof List<?> ? "array"
                : value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return new Problem(object, path, "expected " + type + ", got " + actual);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        return asSchema(definitions.get(ref), ref.toString());
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> schema, String where) {
        for (String keyword : schema.keySet()) {
            if (!KEYWORDS.contains(keyword)) {
                throw new IllegalArgumentException("schema " + where + ": unknown keyword " + keyword);
            }
        }
        if (schema.containsKey("$ref")) {
            if (!definitions.containsKey(schema.get("$ref"))) {
                throw new IllegalArgumentException("schema " + where + ": no definition " + schema.get("$ref"));
            }
            return;
        }
        Object type = schema.get("type");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("schema " + where + ": type " + type + " is not one of " + TYPES);
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, property) -> check(asSchema(property, name.toString()), where + "." + name));
        }
        if (schema.get("additionalProperties") instanceof Map<?, ?> additional) {
            check((Map<String, Object>) additional, where + ".*");
        }
        if ("array".equals(type)) {
            check(asSchema(schema.get("items"), where + "[]"), where + "[]");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asSchema(Object schema, String where) {
        if (!(schema instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("schema " + where + " is not an object");
        }
        return (Map<String, Object>) Objects.requireNonNull(map);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
