package dev.ep.targeting;

import java.util.List;
import java.util.Optional;

/**
 * Why a targeting matched or not: the page check and every rule node's result.
 *
 * @param matched     page check and rule together
 * @param pageMatched whether the page passed ({@code true} when no pages are listed)
 * @param page        the page given, if any
 * @param pages       the pages the targeting lists (empty: every page)
 * @param rule        the root rule's explanation
 */
public record TargetingExplanation(boolean matched, boolean pageMatched, Optional<String> page,
        List<String> pages, RuleExplanation rule) {

    public TargetingExplanation {
        pages = List.copyOf(pages);
    }
}
