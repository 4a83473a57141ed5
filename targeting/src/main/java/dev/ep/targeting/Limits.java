package dev.ep.targeting;

/**
 * Hard limits of the rule language. They bound the work of one evaluation (nodes × a short
 * string comparison or one hash lookup) and the memory of a compiled rule, so a rule author
 * cannot make the assignment hot path slow. The compact constructors and the parser enforce them.
 */
public final class Limits {

    /** Deepest nesting of rules; the root rule is at depth 1. */
    public static final int MAX_DEPTH = 12;
    /** Rule nodes in one targeting rule (every all/any/not/comparison counts one). */
    public static final int MAX_NODES = 256;
    /** Children of one all/any. */
    public static final int MAX_CHILDREN = 64;
    /** Values of one in/not_in. */
    public static final int MAX_LIST_VALUES = 1_000;
    /** Values of all in/not_in lists of one rule together. */
    public static final int MAX_TOTAL_VALUES = 5_000;
    /** Pages of one targeting. */
    public static final int MAX_PAGES = 200;
    /** Characters of a string value. */
    public static final int MAX_STRING_LENGTH = 256;
    /** Characters of an attribute name. */
    public static final int MAX_ATTRIBUTE_LENGTH = 64;
    /** Characters of a page id. */
    public static final int MAX_PAGE_LENGTH = 128;
    /** Characters of a targeting JSON document given to the parser as text. */
    public static final int MAX_DOCUMENT_CHARS = 256 * 1024;

    private Limits() {
    }
}
