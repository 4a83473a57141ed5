package dev.ep.console.proxy;

/** An upstream that could not answer: down (502), too slow (504) or an answer larger than the bound (502). */
public final class UpstreamFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, with the status the console answers. */
    public enum Kind {
        UNAVAILABLE(502), TIMEOUT(504), RESPONSE_TOO_LARGE(502);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final Upstream upstream;

    UpstreamFailure(Kind kind, Upstream upstream, String detail) {
        super(detail);
        this.kind = kind;
        this.upstream = upstream;
    }

    public Kind kind() {
        return kind;
    }

    public Upstream upstream() {
        return upstream;
    }
}
