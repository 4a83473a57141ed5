package dev.ep.targeting;

/** List membership operators. */
public enum MembershipOp {
    IN("in"),
    NOT_IN("not_in");

    private final String jsonName;

    MembershipOp(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
