package dev.ep.targeting;

import java.util.List;
import java.util.Optional;

/**
 * One rule node's result in an explanation.
 *
 * @param path      JSON path of the node, e.g. {@code rule.all[2]}
 * @param operator  the node's operator ({@code all}, {@code eq}, ...)
 * @param result    the node's result
 * @param attribute the attribute a leaf reads
 * @param actual    the attribute's value in the context (empty: missing)
 * @param expected  a leaf's literal or list in canonical JSON
 * @param children  the results of an {@code all}/{@code any}/{@code not}'s children, all evaluated
 */
public record RuleExplanation(String path, String operator, boolean result, Optional<String> attribute,
        Optional<String> actual, Optional<String> expected, List<RuleExplanation> children) {

    public RuleExplanation {
        children = List.copyOf(children);
    }
}
