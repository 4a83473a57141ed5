package dev.ep.targeting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many targetings compiled together for one configuration snapshot, for requests that evaluate several of them with
 * the same context (assignment: one experiment per layer). Compiling numbers every attribute name and page the
 * targetings use, and keeps each distinct rule once (equal rules, as records, share one compiled form; so do equal
 * subrules of different rules, and equal page lists). A request then compiles its context once ({@link #context}):
 * the page becomes its number, the attributes the rules read are looked up in the request's map once and numbers
 * parsed once; {@link Context#matches} evaluates each distinct rule at most once per context and remembers the result.
 *
 * <p>A subrule that occurs in several distinct rules (a clause many experiments share: a country list, a threshold)
 * is compiled once and gets a memo slot of its own, so a request evaluates it at most once however many rules
 * contain it.
 *
 * <p>Immutable and thread-safe once built; a {@link Context} belongs to one request (one thread). Bounds: a set holds
 * what its targetings hold (each within {@link Limits}); a context holds at most {@code 2 × min(attributes the rules
 * read, attributes of the request)} attribute slots and two bits per distinct rule and per shared subrule. Same
 * results as {@link CompiledTargeting#matches} on every targeting, for any page and any map (the tests check both
 * against {@link Semantics}).
 */
public final class TargetingSet {

    private final Map<String, Integer> attributeIds;
    private final String[] attributeNames;
    private final boolean[] numeric;
    private final Map<String, Integer> pageIds;
    private final Targeting[] sources;
    private final int[][] pages;
    private final int[] ruleOf;
    private final RuleNode[] rules;
    private final int subrules;
    /** Memo slots per context: one per distinct rule, then one per subrule shared by several rules. */
    private final int memoSlots;

    private TargetingSet(Builder b) {
        // compiled here, once every rule is known: a subrule that occurs more than once among the distinct rules
        // (a clause several experiments share) gets a memo slot of its own, so a request evaluates it at most once
        Map<Rule, Integer> occurrences = new HashMap<>();
        for (Rule rule : b.ruleSources) {
            RuleNode.countSubrules(rule, occurrences);
        }
        Map<Rule, Integer> remembered = new HashMap<>();
        for (Map.Entry<Rule, Integer> e : occurrences.entrySet()) {
            if (e.getValue() > 1 && RuleNode.worthRemembering(e.getKey())) {
                remembered.put(e.getKey(), b.ruleSources.size() + remembered.size());
            }
        }
        AttributeIds attributes = new AttributeIds();
        Map<Rule, RuleNode> nodes = new HashMap<>();
        this.rules = new RuleNode[b.ruleSources.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = RuleNode.compile(b.ruleSources.get(i), attributes, nodes, remembered);
        }
        this.subrules = nodes.size();
        this.memoSlots = rules.length + remembered.size();
        this.attributeIds = Map.copyOf(attributes.ids());
        this.attributeNames = attributes.names();
        this.numeric = attributes.numeric();
        this.pageIds = Map.copyOf(b.pageIds);
        this.sources = b.sources.toArray(Targeting[]::new);
        this.pages = b.pages.toArray(int[][]::new);
        this.ruleOf = b.ruleOf.stream().mapToInt(Integer::intValue).toArray();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Distinct targetings (equal targetings added twice count once). */
    public int size() {
        return sources.length;
    }

    /** Distinct rules among the targetings (targetings that differ only in their pages share one). */
    public int rules() {
        return rules.length;
    }

    /** Distinct subrules (nodes) among the rules: equal subrules of different rules are compiled once. */
    public int subrules() {
        return subrules;
    }

    /** The attribute names the rules read. */
    public int attributes() {
        return attributeNames.length;
    }

    /** The targeting numbered {@code index} by {@link Builder#add}. */
    public Targeting targeting(int index) {
        return sources[index];
    }

    /**
     * The request's context compiled against this set: {@code page} may be {@code null} (no page), {@code attributes}
     * may be {@code null} (none); a {@code null} value in the map is a missing attribute. The map is read here, once.
     */
    public Context context(String page, Map<String, String> attributes) {
        return new Context(this, page, attributes == null ? Map.of() : attributes);
    }

    /** Collects targetings; not thread-safe. */
    public static final class Builder {
        private final Map<String, Integer> pageIds = new HashMap<>();
        private final Map<Targeting, Integer> index = new HashMap<>();
        private final Map<Rule, Integer> ruleIndex = new HashMap<>();
        private final Map<List<Integer>, int[]> pageSets = new HashMap<>();
        private final List<Targeting> sources = new ArrayList<>();
        private final List<int[]> pages = new ArrayList<>();
        private final List<Integer> ruleOf = new ArrayList<>();
        private final List<Rule> ruleSources = new ArrayList<>();

        private Builder() {
        }

        /** Adds {@code targeting} and returns its number; an equal targeting added before keeps its number. */
        public int add(Targeting targeting) {
            if (targeting == null) {
                throw new IllegalArgumentException("targeting must not be null");
            }
            Integer known = index.get(targeting);
            if (known != null) {
                return known;
            }
            int[] numbered = new int[targeting.pages().size()];
            for (int i = 0; i < numbered.length; i++) {
                numbered[i] = pageIds.computeIfAbsent(targeting.pages().get(i), p -> pageIds.size());
            }
            Arrays.sort(numbered);
            // equal page lists share one array (a snapshot's experiments mostly list the same pages)
            int[] pageNumbers = pageSets.computeIfAbsent(Arrays.stream(numbered).boxed().toList(), k -> numbered);
            Integer rule = ruleIndex.get(targeting.rule());
            if (rule == null) {
                rule = ruleSources.size();
                ruleSources.add(targeting.rule());
                ruleIndex.put(targeting.rule(), rule);
            }
            int number = sources.size();
            sources.add(targeting);
            pages.add(pageNumbers);
            ruleOf.add(rule);
            index.put(targeting, number);
            return number;
        }

        public TargetingSet build() {
            return new TargetingSet(this);
        }
    }

    /**
     * One request's page and attributes compiled against a {@link TargetingSet}, with the results of the rules it
     * has evaluated. Not thread-safe: one per request.
     */
    public static final class Context {
        private final TargetingSet set;
        private final int page;
        /** Open addressing by attribute number: {@code keys[slot]} = number + 1, 0 = empty. */
        private final int[] keys;
        private final String[] texts;
        private final double[] numbers;
        private final int mask;
        /** Two bits per rule: evaluated (first half of the words), and its result (second half). */
        private final long[] memo;

        private Context(TargetingSet set, String page, Map<String, String> attributes) {
            this.set = set;
            Integer p = page == null ? null : set.pageIds.get(page);
            this.page = p == null ? -1 : p;
            int names = set.attributeNames.length;
            int slots = Math.min(names, attributes.size());
            if (slots == 0) {
                keys = null;
                texts = null;
                numbers = null;
                mask = 0;
            } else {
                int capacity = Integer.highestOneBit(slots * 2 - 1) << 1;
                keys = new int[capacity];
                texts = new String[capacity];
                numbers = new double[capacity];
                mask = capacity - 1;
                if (names <= attributes.size()) {
                    for (int id = 0; id < names; id++) {
                        put(id, attributes.get(set.attributeNames[id]));
                    }
                } else {
                    for (Map.Entry<String, String> e : attributes.entrySet()) {
                        Integer id = e.getKey() == null ? null : set.attributeIds.get(e.getKey());
                        if (id != null) {
                            put(id, e.getValue());
                        }
                    }
                }
            }
            this.memo = new long[((set.memoSlots + 63) >>> 6) * 2];
        }

        private void put(int id, String text) {
            if (text == null) {
                return;
            }
            int slot = id & mask;
            while (keys[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = id + 1;
            texts[slot] = text;
            numbers[slot] = set.numeric[id] ? NumberText.parse(text) : Double.NaN;
        }

        /** The slot of attribute number {@code id}, or {@code -1} when the request does not have it. */
        int slot(int id) {
            if (keys == null) {
                return -1;
            }
            int key = id + 1;
            int slot = id & mask;
            int k;
            while ((k = keys[slot]) != 0) {
                if (k == key) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }

        String text(int slot) {
            return texts[slot];
        }

        double number(int slot) {
            return numbers[slot];
        }

        /** The page test and the rule of targeting {@code targeting}, as {@link CompiledTargeting#matches}. */
        public boolean matches(int targeting) {
            return pageMatches(targeting) && ruleMatches(targeting);
        }

        /** No pages listed: every page (and no page) matches; otherwise the request's page must be listed. */
        public boolean pageMatches(int targeting) {
            int[] listed = set.pages[targeting];
            return listed.length == 0 || (page >= 0 && Arrays.binarySearch(listed, page) >= 0);
        }

        /** The rule of targeting {@code targeting}: evaluated on first use in this context, then remembered. */
        public boolean ruleMatches(int targeting) {
            int rule = set.ruleOf[targeting];
            return remembered(rule, set.rules[rule]);
        }

        /** {@code node}'s result, evaluated on first use of memo slot {@code slot} in this context, then remembered. */
        boolean remembered(int slot, RuleNode node) {
            int word = slot >>> 6;
            long bit = 1L << slot;
            if ((memo[word] & bit) != 0) {
                return (memo[(memo.length >>> 1) + word] & bit) != 0;
            }
            boolean result = node.test(this);
            memo[word] |= bit;
            if (result) {
                memo[(memo.length >>> 1) + word] |= bit;
            }
            return result;
        }
    }
}
