package dev.ep.config.api.targeting;

import dev.ep.targeting.Limits;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingException;
import dev.ep.targeting.TargetingParser;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a targeting document exactly as an experiment's definition is checked (the targeting module's parser, with
 * paths under {@value #BASE}), so a client can show the errors a create or update would give while its user types.
 * The rule may come as a JSON object or as the JSON text of one (what an editor holds); text that is not JSON is
 * refused with its line and column.
 */
final class TargetingCheck {

    /** Where targeting sits in an experiment definition: every error path starts here. */
    static final String BASE = "targeting";
    private static final String RULE = BASE + ".rule";

    /** The targeting parser's own reading limits, so text is bounded the same way before it becomes a tree. */
    private static final JsonMapper RULE_TEXT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(2 * Limits.MAX_DEPTH + 8)
                            .maxDocumentLength(Limits.MAX_DOCUMENT_CHARS)
                            .maxStringLength(Limits.MAX_DOCUMENT_CHARS)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private TargetingCheck() {
    }

    /**
     * The validated targeting.
     *
     * @param rule  absent (Java null): always true; a JSON string: the rule's JSON text; anything else: the rule
     * @param pages absent (Java null): every page
     * @throws TargetingException     what create and update would answer for this targeting
     * @throws RuleTextException      when the rule text is not JSON
     */
    static Targeting check(JsonNode rule, JsonNode pages) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        if (pages != null) {
            document.set("pages", pages);
        }
        if (rule != null) {
            document.set("rule", rule.isString() ? ruleText(rule.stringValue()) : rule);
        }
        return TargetingParser.parse(document, BASE);
    }

    private static JsonNode ruleText(String text) {
        if (text.length() > Limits.MAX_DOCUMENT_CHARS) {
            throw new TargetingException(RULE, "rule text is " + text.length() + " characters long, at most "
                    + Limits.MAX_DOCUMENT_CHARS + " allowed");
        }
        JsonNode node;
        try {
            node = RULE_TEXT.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new TargetingException(RULE, "rule is nested deeper than " + Limits.MAX_DEPTH + " levels");
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw new RuleTextException(RULE, "malformed JSON at line " + line + ", column " + column + ": "
                    + e.getOriginalMessage(), line, column);
        }
        if (node == null || node.isMissingNode()) {
            throw new TargetingException(RULE, "the rule text is empty; write a rule such as {\"eq\": {\"attribute\":"
                    + " \"country\", \"value\": \"DE\"}}, or leave the rule out to target everyone");
        }
        return node;
    }
}
