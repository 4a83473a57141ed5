package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Validation 1, the storefront SLA: every call was answered and no answer was a 5xx, and the p99.9 latency of all
 * storefront calls (assign, coverage, events; from sending to the whole answer read) is at most the SLA (the
 * header's, default 10 ms). Latencies go into an HdrHistogram (3 significant digits, up to 1 hour), so the
 * percentile is exact to 0.1%. The run's rate is reported beside it, since a latency bound only means something at
 * a stated rate.
 */
public final class SlaValidation implements Validation {

    public static final String NAME = "1 SLA";

    @Override
    public ValidationResult validate(LedgerContents ledger) {
        Findings f = new Findings(NAME);
        double slaMillis = ledger.header().slaMillis();
        Histogram all = new Histogram(3_600_000_000L, 3);
        Map<String, Histogram> perCall = new TreeMap<>();
        long serverErrors = 0;
        long unanswered = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (LedgerEntry e : ledger.calls()) {
            long micros = Math.max(1, Math.min(e.latencyMicros(), all.getHighestTrackableValue()));
            all.recordValue(micros);
            perCall.computeIfAbsent(e.call(), k -> new Histogram(3_600_000_000L, 3)).recordValue(micros);
            first = Math.min(first, e.wallMillis());
            last = Math.max(last, e.wallMillis());
            if (e.status() == 0) {
                unanswered++;
                f.problem("no answer: " + e.call() + " of " + e.session() + " on " + e.page() + ": " + e.error());
            } else if (e.status() >= 500) {
                serverErrors++;
                f.problem("HTTP " + e.status() + ": " + e.call() + " of " + e.session() + " on " + e.page() + ": "
                        + e.error());
            }
        }
        long calls = all.getTotalCount();
        if (calls == 0) {
            f.problem("the ledger has no calls");
            return f.result();
        }
        double seconds = Math.max(0.001, (last - first) / 1000.0);
        double p999 = all.getValueAtPercentile(99.9) / 1000.0;
        f.figure(String.format("calls: %d at %.0f calls/s over %.1f s", calls, calls / seconds, seconds));
        if ("offline".equals(ledger.header().mode())) {
            f.figure("offline run: no network call, latencies recorded as 0 (the SLA is only measured against the platform)");
        }
        f.figure("5xx answers: " + serverErrors + ", unanswered calls: " + unanswered);
        f.figure(String.format("all calls: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (SLA: p99.9 <= %.1f ms)",
                all.getValueAtPercentile(50) / 1000.0, all.getValueAtPercentile(99) / 1000.0, p999,
                all.getMaxValue() / 1000.0, slaMillis));
        for (Map.Entry<String, Histogram> c : perCall.entrySet()) {
            Histogram h = c.getValue();
            f.figure(String.format("%s: %d calls, p50 %.2f ms, p99.9 %.2f ms", c.getKey(), h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0));
        }
        if (p999 > slaMillis) {
            f.problem(String.format("p99.9 latency %.2f ms exceeds the SLA of %.1f ms", p999, slaMillis));
        }
        return f.result();
    }
}
