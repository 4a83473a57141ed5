package dev.ep.testsupport.fuzz;

import java.util.List;
import java.util.Map;

/**
 * What a fuzz run saw: how many requests went out, the statuses that came back ({@value #DROPPED} counts dropped
 * connections), and the first failures, each with its index and raw request so that it can be replayed with
 * {@code -Dep.fuzz.seed=<seed> -Dep.fuzz.index=<index>}.
 */
public record FuzzReport(String service, FuzzSettings settings, int sent, Map<Integer, Integer> statuses, int failed,
        List<Failure> failures) {

    /** The status key under which dropped connections are counted. */
    public static final int DROPPED = -1;

    public FuzzReport {
        statuses = Map.copyOf(statuses);
        failures = List.copyOf(failures);
    }

    /** One unacceptable reply. */
    public record Failure(int index, String problem, String request, String reply) {
    }

    /** One line: service, seed, requests sent and asked, statuses. */
    public String summary() {
        return "fuzz " + service + ": seed " + settings.seed() + ", " + sent + " requests (asked "
                + settings.onlyIndex().stream().mapToObj(i -> "index " + i).findFirst()
                        .orElse(Integer.toString(settings.requests()))
                + ", within " + settings.time().toSeconds() + " s), statuses " + new java.util.TreeMap<>(statuses)
                + ", failures " + failed;
    }

    /** Throws an {@link AssertionError} naming every kept failure, its replay command and raw request. */
    public void assertNoFailures() {
        if (failed == 0) {
            return;
        }
        StringBuilder message = new StringBuilder(summary()).append('\n');
        for (Failure failure : failures) {
            message.append("\n#").append(failure.index()).append(' ').append(failure.problem())
                    .append("\n  replay: -Dep.fuzz.seed=").append(settings.seed()).append(" -Dep.fuzz.index=")
                    .append(failure.index())
                    .append("\n  reply:   ").append(failure.reply())
                    .append("\n  request:\n").append(failure.request().indent(4));
        }
        if (failed > failures.size()) {
            message.append("\n... and ").append(failed - failures.size()).append(" more");
        }
        throw new AssertionError(message.toString());
    }

    /** At least one request went out (a run that sent nothing proves nothing). */
    public boolean ran() {
        return sent > 0;
    }
}
