package dev.ep.targeting;

/** Binary comparison operators; the ordering ones need a number literal. */
public enum ComparisonOp {
    EQ("eq", false),
    NEQ("neq", false),
    GT("gt", true),
    GTE("gte", true),
    LT("lt", true),
    LTE("lte", true);

    private final String jsonName;
    private final boolean ordering;

    ComparisonOp(String jsonName, boolean ordering) {
        this.jsonName = jsonName;
        this.ordering = ordering;
    }

    public String jsonName() {
        return jsonName;
    }

    public boolean ordering() {
        return ordering;
    }

    /** Ordering comparison of two numbers (only for ordering operators). */
    boolean compare(double attribute, double literal) {
        switch (this) {
            case GT:
                return attribute > literal;
            case GTE:
                return attribute >= literal;
            case LT:
                return attribute < literal;
            case LTE:
                return attribute <= literal;
            default:
                throw new IllegalStateException(this + " is not an ordering operator");
        }
    }
}
