package dev.ep.stats.analysis;

/**
 * A request that no set of units could have produced, or one beyond the analysis' bounds. The API answers it with a
 * 400 problem naming {@link #field()}.
 */
public final class InvalidAnalysisRequest extends RuntimeException {

    private final String field;

    public InvalidAnalysisRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    /** A JSON-pointer-like path to the offending field, e.g. {@code metrics[0].arms[1].sumY2}. */
    public String field() {
        return field;
    }
}
