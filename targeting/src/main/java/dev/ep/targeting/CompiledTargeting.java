package dev.ep.targeting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A targeting compiled for the assignment hot path. Immutable and thread-safe; build it once per
 * configuration snapshot. {@link #matches} allocates nothing for ordinary inputs: attributes are
 * looked up with {@link Map#get}, numbers are read without allocation ({@link NumberText}), list
 * membership is a hash lookup (strings) or a binary search (numbers), and {@code all}/{@code any}
 * short-circuit over arrays. Semantics are those of {@link Semantics}; {@link #explain} evaluates
 * the same rule by plain interpretation, so the two cross-check each other in the tests. To evaluate many
 * targetings for one request, compile them together into a {@link TargetingSet} instead: it reads the request's
 * attributes once and evaluates each distinct rule at most once per request.
 */
public final class CompiledTargeting {

    private final Targeting source;
    private final Set<String> pages;
    private final RuleNode root;

    private CompiledTargeting(Targeting source) {
        this.source = source;
        this.pages = Set.copyOf(source.pages());
        this.root = RuleNode.compile(source.rule(), new AttributeIds());
    }

    public static CompiledTargeting compile(Targeting targeting) {
        if (targeting == null) {
            throw new IllegalArgumentException("targeting must not be null");
        }
        return new CompiledTargeting(targeting);
    }

    public Targeting source() {
        return source;
    }

    /** The page test and the rule; {@code page} may be {@code null} (no page given). */
    public boolean matches(String page, Map<String, String> attributes) {
        return pageMatches(page) && ruleMatches(attributes);
    }

    /** No pages listed: every page (and no page) matches; otherwise the page must be listed. */
    public boolean pageMatches(String page) {
        return pages.isEmpty() || (page != null && pages.contains(page));
    }

    /** The rule alone; a {@code null} map is an empty one. Never throws for any map of strings. */
    public boolean ruleMatches(Map<String, String> attributes) {
        return root.test(attributes == null ? Map.of() : attributes);
    }

    /**
     * The attributes absent from {@code attributes} (or {@code null} in it) whose values could change the rule's
     * result, sorted; empty when the attributes present already decide the rule. For a re-derivation that must tell
     * "not targeted" from "not told enough": a rule that failed only because the client left out an attribute names
     * it here. Evaluates the rule with absent attributes as unknown (three-valued logic); the matching semantics are
     * unchanged. Not for the hot path (allocates).
     */
    public Set<String> undecidedAttributes(Map<String, String> attributes) {
        return PartialEvaluation.undecided(source.rule(), attributes == null ? Map.of() : attributes);
    }

    /** Evaluates every node (no short-circuit) and reports each node's result. */
    public TargetingExplanation explain(String page, Map<String, String> attributes) {
        Map<String, String> attrs = attributes == null ? Map.of() : attributes;
        boolean pageMatched = pageMatches(page);
        RuleExplanation rule = explain(source.rule(), "rule", attrs);
        return new TargetingExplanation(pageMatched && rule.result(), pageMatched,
                Optional.ofNullable(page), source.pages(), rule);
    }

    private static RuleExplanation explain(Rule rule, String path, Map<String, String> attrs) {
        if (rule instanceof Rule.All || rule instanceof Rule.Any) {
            boolean isAll = rule instanceof Rule.All;
            List<Rule> rules = isAll ? ((Rule.All) rule).rules() : ((Rule.Any) rule).rules();
            String op = isAll ? "all" : "any";
            List<RuleExplanation> children = new ArrayList<>(rules.size());
            boolean result = isAll;
            for (int i = 0; i < rules.size(); i++) {
                RuleExplanation child = explain(rules.get(i), path + "." + op + "[" + i + "]", attrs);
                children.add(child);
                result = isAll ? result && child.result() : result || child.result();
            }
            return new RuleExplanation(path, op, result, Optional.empty(), Optional.empty(),
                    Optional.empty(), children);
        }
        if (rule instanceof Rule.Not not) {
            RuleExplanation child = explain(not.rule(), path + ".not", attrs);
            return new RuleExplanation(path, "not", !child.result(), Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of(child));
        }
        if (rule instanceof Rule.Comparison c) {
            String actual = attrs.get(c.attribute());
            return new RuleExplanation(path, c.op().jsonName(), Semantics.comparison(c, actual),
                    Optional.of(c.attribute()), Optional.ofNullable(actual),
                    Optional.of(TargetingWriter.write(c.value())), List.of());
        }
        if (rule instanceof Rule.Membership m) {
            String actual = attrs.get(m.attribute());
            StringBuilder expected = new StringBuilder("[");
            for (Value v : m.values()) {
                expected.append(expected.length() > 1 ? "," : "").append(TargetingWriter.write(v));
            }
            return new RuleExplanation(path, m.op().jsonName(), Semantics.membership(m, actual),
                    Optional.of(m.attribute()), Optional.ofNullable(actual),
                    Optional.of(expected.append(']').toString()), List.of());
        }
        Rule.Exists e = (Rule.Exists) rule;
        String actual = attrs.get(e.attribute());
        return new RuleExplanation(path, "exists", actual != null, Optional.of(e.attribute()),
                Optional.ofNullable(actual), Optional.empty(), List.of());
    }
}
