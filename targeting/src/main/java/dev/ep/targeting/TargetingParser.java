package dev.ep.targeting;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses targeting JSON into a validated {@link Targeting} or {@link Rule}. Every error names the
 * JSON path of the offending node, for example {@code rule.all[2].gt: value must be a number}.
 *
 * <p>Document: {@code {"pages": ["home", "product"], "rule": {...}}}; both members are optional
 * (no pages = every page, no rule = {@link Rule#ALWAYS}); unknown members are rejected. See
 * {@link Rule} for the rule syntax.
 */
public final class TargetingParser {

    private static final String OPERATORS =
            "all, any, not, eq, neq, gt, gte, lt, lte, in, not_in, exists";

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(2 * Limits.MAX_DEPTH + 8)
                            .maxDocumentLength(Limits.MAX_DOCUMENT_CHARS)
                            .maxStringLength(Limits.MAX_DOCUMENT_CHARS)
                            .maxNumberLength(NumberText.MAX_LENGTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private TargetingParser() {
    }

    /** Parses a targeting document; paths start at its members ({@code pages}, {@code rule}). */
    public static Targeting parse(String json) {
        return parse(readTree(json, "$"), "");
    }

    /**
     * Parses a targeting document that is part of a larger request; {@code basePath} (say
     * {@code targeting}) prefixes every error path.
     */
    public static Targeting parse(JsonNode node, String basePath) {
        if (node == null || !node.isObject()) {
            throw error(basePath, "targeting must be an object with optional members pages and rule, got "
                    + describe(node));
        }
        List<String> pages = List.of();
        Rule rule = Rule.ALWAYS;
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String name = member.getKey();
            String path = field(basePath, name);
            switch (name) {
                case "pages":
                    pages = pages(member.getValue(), path);
                    break;
                case "rule":
                    rule = rule(member.getValue(), path, 1, new Budget());
                    break;
                default:
                    throw error(basePath, "unknown member '" + name + "' (expected pages, rule)");
            }
        }
        try {
            return new Targeting(pages, rule);
        } catch (IllegalArgumentException e) {
            throw error(basePath, e.getMessage());
        }
    }

    /** Parses a rule on its own; paths start at {@code rule}. */
    public static Rule parseRule(String json) {
        return parseRule(readTree(json, "rule"), "rule");
    }

    /** Parses a rule that is part of a larger document, at {@code path}. */
    public static Rule parseRule(JsonNode node, String path) {
        return rule(node, path, 1, new Budget());
    }

    private static JsonNode readTree(String json, String path) {
        if (json == null) {
            throw error(path, "no JSON given");
        }
        if (json.length() > Limits.MAX_DOCUMENT_CHARS) {
            throw error(path, "document is " + json.length() + " characters long, at most "
                    + Limits.MAX_DOCUMENT_CHARS + " allowed");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw error(path, "no JSON given");
            }
            return node;
        } catch (JacksonException e) {
            throw error(path, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static List<String> pages(JsonNode node, String path) {
        if (!node.isArray()) {
            throw error(path, "must be an array of page ids, got " + describe(node));
        }
        if (node.size() > Limits.MAX_PAGES) {
            throw error(path, "has " + node.size() + " pages, at most " + Limits.MAX_PAGES + " allowed");
        }
        List<String> pages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode page = node.get(i);
            String pagePath = index(path, i);
            if (!page.isString()) {
                throw error(pagePath, "must be a string, got " + describe(page));
            }
            try {
                Targeting.checkPage(page.stringValue());
            } catch (IllegalArgumentException e) {
                throw error(pagePath, e.getMessage());
            }
            if (pages.contains(page.stringValue())) {
                throw error(pagePath, "page '" + page.stringValue() + "' is listed twice");
            }
            pages.add(page.stringValue());
        }
        return pages;
    }

    /** Counts nodes and list values across the whole rule while parsing. */
    private static final class Budget {
        int nodes;
        int values;
    }

    private static Rule rule(JsonNode node, String path, int depth, Budget budget) {
        if (depth > Limits.MAX_DEPTH) {
            throw error(path, "rule is nested deeper than " + Limits.MAX_DEPTH + " levels");
        }
        if (node == null || !node.isObject()) {
            throw error(path, "a rule must be an object with one operator (" + OPERATORS + "), got "
                    + describe(node));
        }
        if (node.size() != 1) {
            throw error(path, node.isEmpty()
                    ? "a rule must have exactly one operator (" + OPERATORS + "), found none"
                    : "a rule must have exactly one operator, found " + node.size() + " ("
                            + String.join(", ", node.propertyNames()) + ")");
        }
        if (++budget.nodes > Limits.MAX_NODES) {
            throw error(path, "rule has more than " + Limits.MAX_NODES + " nodes");
        }
        Map.Entry<String, JsonNode> only = node.properties().iterator().next();
        String op = only.getKey();
        JsonNode operand = only.getValue();
        String opPath = field(path, op);
        switch (op) {
            case "all":
                return new Rule.All(children(operand, opPath, depth, budget));
            case "any":
                return new Rule.Any(children(operand, opPath, depth, budget));
            case "not":
                return new Rule.Not(rule(operand, opPath, depth + 1, budget));
            case "eq":
                return comparison(ComparisonOp.EQ, operand, opPath);
            case "neq":
                return comparison(ComparisonOp.NEQ, operand, opPath);
            case "gt":
                return comparison(ComparisonOp.GT, operand, opPath);
            case "gte":
                return comparison(ComparisonOp.GTE, operand, opPath);
            case "lt":
                return comparison(ComparisonOp.LT, operand, opPath);
            case "lte":
                return comparison(ComparisonOp.LTE, operand, opPath);
            case "in":
                return membership(MembershipOp.IN, operand, opPath, budget);
            case "not_in":
                return membership(MembershipOp.NOT_IN, operand, opPath, budget);
            case "exists":
                return new Rule.Exists(attribute(operand, opPath, "attribute"));
            default:
                throw error(path, "unknown operator '" + op + "' (expected one of " + OPERATORS + ")");
        }
    }

    private static List<Rule> children(JsonNode node, String path, int depth, Budget budget) {
        if (!node.isArray()) {
            throw error(path, "must be an array of rules, got " + describe(node));
        }
        if (node.size() > Limits.MAX_CHILDREN) {
            throw error(path, "has " + node.size() + " rules, at most " + Limits.MAX_CHILDREN + " allowed");
        }
        List<Rule> rules = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            rules.add(rule(node.get(i), index(path, i), depth + 1, budget));
        }
        return rules;
    }

    private static Rule comparison(ComparisonOp op, JsonNode node, String path) {
        String attribute = attribute(node, path, "attribute, value");
        JsonNode value = node.get("value");
        if (value == null) {
            throw error(path, "value is required");
        }
        if (op.ordering() && !value.isNumber()) {
            throw error(path, "value must be a number, got " + describe(value));
        }
        return new Rule.Comparison(op, attribute, literal(value, path, "value"));
    }

    private static Rule membership(MembershipOp op, JsonNode node, String path, Budget budget) {
        String attribute = attribute(node, path, "attribute, values");
        JsonNode values = node.get("values");
        if (values == null) {
            throw error(path, "values is required");
        }
        String valuesPath = field(path, "values");
        if (!values.isArray()) {
            throw error(valuesPath, "must be an array of strings and numbers, got " + describe(values));
        }
        if (values.isEmpty()) {
            throw error(valuesPath, "must not be empty");
        }
        if (values.size() > Limits.MAX_LIST_VALUES) {
            throw error(valuesPath, "has " + values.size() + " values, at most " + Limits.MAX_LIST_VALUES
                    + " allowed");
        }
        budget.values += values.size();
        if (budget.values > Limits.MAX_TOTAL_VALUES) {
            throw error(valuesPath, "rule has more than " + Limits.MAX_TOTAL_VALUES + " list values in total");
        }
        List<Value> literals = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            literals.add(literal(values.get(i), index(valuesPath, i), null));
        }
        return new Rule.Membership(op, attribute, literals);
    }

    /**
     * Checks that {@code node} is an object holding exactly the expected members and returns its
     * {@code attribute}.
     */
    private static String attribute(JsonNode node, String path, String expected) {
        if (node == null || !node.isObject()) {
            throw error(path, "must be an object with " + expected + ", got " + describe(node));
        }
        Iterator<String> names = node.propertyNames().iterator();
        while (names.hasNext()) {
            String name = names.next();
            if (!List.of(expected.split(", ")).contains(name)) {
                throw error(path, "unknown field '" + name + "' (expected " + expected + ")");
            }
        }
        JsonNode attribute = node.get("attribute");
        if (attribute == null) {
            throw error(path, "attribute is required");
        }
        if (!attribute.isString()) {
            throw error(path, "attribute must be a string, got " + describe(attribute));
        }
        String name = attribute.stringValue();
        if (name.isEmpty()) {
            throw error(path, "attribute must not be empty");
        }
        if (name.length() > Limits.MAX_ATTRIBUTE_LENGTH) {
            throw error(path, "attribute is " + name.length() + " characters long, at most "
                    + Limits.MAX_ATTRIBUTE_LENGTH + " allowed");
        }
        if (!Rule.ATTRIBUTE_NAME.matcher(name).matches()) {
            throw error(path, "attribute '" + name
                    + "' must start with a letter or '_' and contain only letters, digits, '_', '.', '-'");
        }
        return name;
    }

    /** A string or number literal; {@code field} names it in messages ({@code null}: the node itself). */
    private static Value literal(JsonNode node, String path, String field) {
        String subject = field == null ? "" : field + " ";
        if (node.isString()) {
            String s = node.stringValue();
            if (s.length() > Limits.MAX_STRING_LENGTH) {
                throw error(path, subject + "is " + s.length() + " characters long, at most "
                        + Limits.MAX_STRING_LENGTH + " allowed");
            }
            try {
                return new Value.Str(s);
            } catch (IllegalArgumentException e) {
                throw error(path, subject + "must be valid Unicode text");
            }
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw error(path, subject + "must be a finite number");
            }
            return new Value.Num(d);
        }
        throw error(path, subject + "must be a string or a number, got " + describe(node));
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNull()) {
            return "null";
        }
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    private static TargetingException error(String path, String reason) {
        return new TargetingException(path.isEmpty() ? "$" : path, reason);
    }
}
