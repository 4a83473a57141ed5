package dev.ep.simulator.report;

import dev.ep.simulator.match.LedgerTotals;
import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.LedgerTotalsAdapter;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.Timeline;
import dev.ep.simulator.run.RunSummary;
import dev.ep.simulator.validate.TrafficValidation;
import dev.ep.simulator.validate.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's report: {@code report.md} (tables) and {@code report.html} (the same, plus SVG charts: sessions per
 * simulated hour, calls per second, the split per experiment against its weights, and each treatment's conversion
 * rate over the run, from the ledger's totals at ten points).
 */
public final class ReportWriter {

    /** Points of the results-over-time chart. */
    static final int POINTS = 10;

    public record Written(Path markdown, Path html) {
    }

    private ReportWriter() {
    }

    public static Written write(Path dir, LedgerContents ledger, RunSummary summary, List<ValidationResult> results) {
        try {
            Files.createDirectories(dir);
            Path md = dir.resolve("report.md");
            Path html = dir.resolve("report.html");
            Files.writeString(md, markdown(ledger, summary, results), StandardCharsets.UTF_8);
            Files.writeString(html, html(ledger, summary, results), StandardCharsets.UTF_8);
            return new Written(md, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    static String markdown(LedgerContents ledger, RunSummary summary, List<ValidationResult> results) {
        RunHeader h = ledger.header();
        StringBuilder b = new StringBuilder();
        b.append("# Simulation ").append(h.runId()).append("\n\n");
        b.append(overview(h, summary).replace("\n", "  \n")).append("\n\n");
        b.append("## Validations\n\n| validation | result |\n| --- | --- |\n");
        for (ValidationResult r : results) {
            b.append("| ").append(r.name()).append(" | ").append(r.passed() ? "PASS" : "**FAIL** (" + r.problemCount()
                    + " problems)").append(" |\n");
        }
        for (ValidationResult r : results) {
            b.append("\n### ").append(r.name()).append(": ").append(r.passed() ? "pass" : "FAIL").append("\n\n");
            for (String f : r.figures()) {
                b.append("- ").append(f).append('\n');
            }
            if (!r.problems().isEmpty()) {
                b.append("\nProblems (").append(r.problemCount()).append(", the first ").append(r.problems().size())
                        .append("):\n\n");
                for (String p : r.problems()) {
                    b.append("- ").append(p).append('\n');
                }
            }
        }
        b.append("\n## Experiments\n\n");
        b.append("| experiment | phase | treatment | weight | exposed units | conversions | orders | revenue (minor) |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        Timeline timeline = Timeline.of(ledger);
        for (LedgerTotalsAdapter.PhaseTotals p : LedgerTotalsAdapter.byPhase(ledger)) {
            Map<String, Integer> weights = timeline.weights(p.experimentId(), p.phase());
            for (LedgerTotals t : p.totals()) {
                b.append("| ").append(t.experimentId()).append(" | ").append(p.phase()).append(" | ")
                        .append(t.treatment()).append(" | ")
                        .append(pct(weights.getOrDefault(t.treatment(), 0) / 100.0)).append(" | ")
                        .append(t.units()).append(" | ").append(t.conversions())
                        .append(" | ").append(t.orders()).append(" | ").append(t.revenueMinor()).append(" |\n");
            }
        }
        if (!ledger.changes().isEmpty()) {
            b.append("\nChanges made during the run:\n\n");
            for (LedgerEntry c : ledger.changes()) {
                LedgerEntry.Change ch = c.change();
                b.append("- seq ").append(c.seq()).append(": ").append(ch.experiment()).append(' ')
                        .append(ch.opensPhase() ? "weights " + ch.weights() + " opened phase " + ch.phase()
                                + ", moved slots " + ch.changedSlots().stream().map(r -> "[" + r.start() + ", "
                                        + r.end() + ")").toList()
                                : "ramped to " + pct(ch.trafficBasisPoints() / 100.0) + " (phase " + ch.phase() + ")")
                        .append(", configuration version ").append(ch.configVersion()).append('\n');
            }
        }
        b.append("\nPlanted: ");
        List<String> planted = new ArrayList<>();
        for (RunHeader.Experiment x : h.experiments()) {
            String what = x.effects().isEmpty() ? "A/A (no effect)" : String.join("; ", x.effects());
            if (x.bugTreatment() != null) {
                what += "; coverage bug in " + x.bugTreatment() + " (" + pct(x.bugUnderReport() * 100) + " of sessions)";
            }
            planted.add(x.id() + ": " + what);
        }
        b.append(String.join(" | ", planted)).append('\n');
        b.append("\nCharts: report.html. Ledger: one JSON line per call.\n");
        return b.toString();
    }

    static String html(LedgerContents ledger, RunSummary summary, List<ValidationResult> results) {
        RunHeader h = ledger.header();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Simulation ")
                .append(Svg.esc(h.runId())).append("</title><style>body{font-family:sans-serif;max-width:960px;margin:2em auto;}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                        + ".pass{color:#2ca02c}.fail{color:#d62728;font-weight:bold}</style></head><body>");
        b.append("<h1>Simulation ").append(Svg.esc(h.runId())).append("</h1><p>")
                .append(Svg.esc(overview(h, summary)).replace("\n", "<br>")).append("</p>");
        b.append("<h2>Validations</h2><table><tr><th>validation</th><th>result</th><th>figures</th><th>problems</th></tr>");
        for (ValidationResult r : results) {
            b.append("<tr><td>").append(Svg.esc(r.name())).append("</td><td class=\"")
                    .append(r.passed() ? "pass\">PASS" : "fail\">FAIL").append("</td><td>");
            r.figures().forEach(f -> b.append(Svg.esc(f)).append("<br>"));
            b.append("</td><td>");
            r.problems().forEach(p -> b.append(Svg.esc(p)).append("<br>"));
            b.append("</td></tr>");
        }
        b.append("</table><h2>Traffic</h2>");
        b.append(Svg.lines("Sessions started per simulated hour (the daily curve)", "sessions", hoursLabels(ledger),
                Map.of("sessions", sessionsPerHour(ledger))));
        b.append(callsPerSecond(ledger));
        b.append("<h2>The split</h2>");
        Map<String, TrafficValidation.Split> splits = splits(ledger);
        for (RunHeader.Experiment x : h.experiments()) {
            TrafficValidation.Split s = splits.get(x.id());
            List<String> treatments = new ArrayList<>(x.weights().keySet());
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("expected", treatments.stream().mapToDouble(t -> x.weights().get(t) / 10_000.0).toArray());
            series.put("assigned", shares(treatments, s.assigned()));
            series.put("exposed", shares(treatments, s.exposed()));
            b.append(Svg.bars(x.id() + ": share of units per treatment", "share", treatments, series));
        }
        b.append("<h2>Results over time</h2><p>Conversion (exposed units with an attributed order / exposed units) per "
                + "treatment, from the ledger's totals after each tenth of the run's calls.</p>");
        List<List<LedgerTotals>> prefixes = totalsAtTenths(ledger);
        for (RunHeader.Experiment x : h.experiments()) {
            b.append(Svg.lines(x.id() + ": conversion over the run" + (x.effects().isEmpty() ? " (A/A)" : ""),
                    "conversion", tenths(), conversionOverTime(prefixes, x)));
        }
        b.append("<h2>Experiments</h2><pre>").append(Svg.esc(markdown(ledger, summary, results)
                .replaceAll("(?s).*## Experiments\n\n", ""))).append("</pre>");
        return b.append("</body></html>\n").toString();
    }

    private static String overview(RunHeader h, RunSummary s) {
        return String.format(Locale.ROOT, "model %s, seed %d, mode %s, started %s%n"
                + "sessions: %d planned, %d completed, %d failed in the simulator%s%s%n"
                + "duration %.1f s, %d orders, revenue %d minor units; holdout %s of %s units; SLA p99.9 <= %.1f ms",
                h.model(), h.seed(), h.mode(), Instant.ofEpochMilli(h.startedAtMillis()), s.planned(), s.completed(),
                s.failed(), s.lateStarts() > 0 ? ", " + s.lateStarts() + " started late (every worker busy)" : "",
                s.stoppedByLedgerBound() ? ", STOPPED EARLY: the ledger reached its bound" : "",
                s.durationMillis() / 1000.0, s.orders(), s.revenueMinor(), pct(h.holdoutBasisPoints() / 100.0),
                h.holdoutUnit(), h.slaMillis());
    }

    private static Map<String, TrafficValidation.Split> splits(LedgerContents ledger) {
        Map<String, TrafficValidation.Split> out = new LinkedHashMap<>();
        for (TrafficValidation.Split s : TrafficValidation.splits(ledger)) {
            out.put(s.experiment(), s);
        }
        return out;
    }

    private static double[] shares(List<String> treatments, Map<String, Long> counts) {
        double total = counts.values().stream().mapToLong(Long::longValue).sum();
        return treatments.stream().mapToDouble(t -> total == 0 ? 0 : counts.getOrDefault(t, 0L) / total).toArray();
    }

    private static double[] sessionsPerHour(LedgerContents ledger) {
        long maxHour = 0;
        Map<Long, Long> perHour = new LinkedHashMap<>();
        for (LedgerEntry e : ledger.entries()) {
            if (e.pageIndex() == 0 && e.call().equals(LedgerEntry.ASSIGN) && !e.qa()) {
                long hour = e.simMillis() / 3_600_000L;
                perHour.merge(hour, 1L, Long::sum);
                maxHour = Math.max(maxHour, hour);
            }
        }
        double[] out = new double[(int) Math.min(maxHour + 1, 24 * 14)];
        for (int i = 0; i < out.length; i++) {
            out[i] = perHour.getOrDefault((long) i, 0L);
        }
        return out;
    }

    private static List<String> hoursLabels(LedgerContents ledger) {
        double[] hours = sessionsPerHour(ledger);
        List<String> labels = new ArrayList<>();
        // startHour is not in the header; hours are since the run's start
        for (int i = 0; i < hours.length; i++) {
            labels.add("+" + i + "h");
        }
        return labels;
    }

    private static String callsPerSecond(LedgerContents ledger) {
        if (ledger.entries().isEmpty()) {
            return "";
        }
        long first = ledger.calls().stream().mapToLong(LedgerEntry::wallMillis).min().orElse(0);
        long last = ledger.calls().stream().mapToLong(LedgerEntry::wallMillis).max().orElse(0);
        int buckets = 30;
        double width = Math.max(1, (last - first + 1) / (double) buckets);
        double[] calls = new double[buckets];
        double[] failed = new double[buckets];
        for (LedgerEntry e : ledger.calls()) {
            int i = (int) Math.min(buckets - 1, (e.wallMillis() - first) / width);
            calls[i]++;
            if (!e.ok()) {
                failed[i]++;
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            calls[i] = calls[i] * 1000 / width;
            failed[i] = failed[i] * 1000 / width;
            labels.add(String.format(Locale.ROOT, "%.0fs", i * width / 1000));
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("calls/s", calls);
        series.put("failed calls/s", failed);
        return Svg.lines("Storefront calls per second (wall clock)", "calls/s", labels, series);
    }

    private static List<String> tenths() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= POINTS; i++) {
            out.add(i * 100 / POINTS + "%");
        }
        return out;
    }

    /** The ledger's totals after each tenth of its calls (one pass per point, for every experiment at once). */
    private static List<List<LedgerTotals>> totalsAtTenths(LedgerContents ledger) {
        List<List<LedgerTotals>> out = new ArrayList<>();
        int n = ledger.entries().size();
        for (int p = 1; p <= POINTS; p++) {
            out.add(LedgerTotalsAdapter.totals(new LedgerContents(ledger.header(),
                    ledger.entries().subList(0, (int) ((long) n * p / POINTS)), false)));
        }
        return out;
    }

    private static Map<String, double[]> conversionOverTime(List<List<LedgerTotals>> prefixes,
            RunHeader.Experiment x) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String t : x.weights().keySet()) {
            out.put(t, new double[POINTS]);
        }
        for (int p = 1; p <= POINTS; p++) {
            for (LedgerTotals t : prefixes.get(p - 1)) {
                if (t.experimentId().equals(x.id()) && out.containsKey(t.treatment())) {
                    out.get(t.treatment())[p - 1] = t.units() == 0 ? Double.NaN : (double) t.conversions() / t.units();
                }
            }
        }
        return out;
    }

    private static String pct(double percent) {
        return String.format(Locale.ROOT, "%.2f%%", percent);
    }
}
