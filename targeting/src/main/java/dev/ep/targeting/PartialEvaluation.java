package dev.ep.targeting;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates a rule with absent attributes read as <em>unknown</em> rather than as missing (Kleene's three-valued
 * logic: {@code all} is false once a child is false, {@code any} true once a child is true, {@code not} keeps
 * unknown). It answers the question a re-derivation needs to ask: "could the attributes this request did not send
 * have changed the rule's result?" ({@link CompiledTargeting#undecidedAttributes}). The ordinary semantics
 * ({@link Semantics}) are not changed by it: absent stays absent for matching.
 */
final class PartialEvaluation {

    private enum Truth {
        TRUE, FALSE, UNKNOWN
    }

    private PartialEvaluation() {
    }

    /**
     * The absent attributes of the rule's undecided parts, sorted; empty when the attributes present decide the rule
     * (whatever the absent ones would be). Supplying all of them always decides the rule.
     */
    static Set<String> undecided(Rule rule, Map<String, String> attributes) {
        Set<String> missing = new TreeSet<>();
        if (evaluate(rule, attributes) == Truth.UNKNOWN) {
            collect(rule, attributes, missing);
        }
        return missing;
    }

    private static Truth evaluate(Rule rule, Map<String, String> attributes) {
        if (rule instanceof Rule.All all) {
            Truth result = Truth.TRUE;
            for (Rule r : all.rules()) {
                Truth t = evaluate(r, attributes);
                if (t == Truth.FALSE) {
                    return Truth.FALSE;
                }
                if (t == Truth.UNKNOWN) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }
        if (rule instanceof Rule.Any any) {
            Truth result = Truth.FALSE;
            for (Rule r : any.rules()) {
                Truth t = evaluate(r, attributes);
                if (t == Truth.TRUE) {
                    return Truth.TRUE;
                }
                if (t == Truth.UNKNOWN) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }
        if (rule instanceof Rule.Not not) {
            Truth t = evaluate(not.rule(), attributes);
            return t == Truth.UNKNOWN ? t : t == Truth.TRUE ? Truth.FALSE : Truth.TRUE;
        }
        String attribute = attribute(rule);
        String actual = attributes.get(attribute);
        if (actual == null) {
            return Truth.UNKNOWN;
        }
        return Semantics.evaluate(rule, attributes) ? Truth.TRUE : Truth.FALSE;
    }

    /** Adds the absent attributes of the undecided children only (a decided child cannot change the result). */
    private static void collect(Rule rule, Map<String, String> attributes, Set<String> missing) {
        if (rule instanceof Rule.All all) {
            all.rules().stream().filter(r -> evaluate(r, attributes) == Truth.UNKNOWN)
                    .forEach(r -> collect(r, attributes, missing));
        } else if (rule instanceof Rule.Any any) {
            any.rules().stream().filter(r -> evaluate(r, attributes) == Truth.UNKNOWN)
                    .forEach(r -> collect(r, attributes, missing));
        } else if (rule instanceof Rule.Not not) {
            collect(not.rule(), attributes, missing);
        } else {
            missing.add(attribute(rule));
        }
    }

    private static String attribute(Rule leaf) {
        if (leaf instanceof Rule.Comparison c) {
            return c.attribute();
        }
        if (leaf instanceof Rule.Membership m) {
            return m.attribute();
        }
        if (leaf instanceof Rule.Exists e) {
            return e.attribute();
        }
        throw new IllegalStateException("unknown rule " + leaf);
    }
}
