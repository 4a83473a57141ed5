package dev.ep.ingest.timeline;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The timeline as a plain HTML page, every value escaped. Plain Java. */
final class TimelineHtml {

    private TimelineHtml() {
    }

    static String render(String sessionId, List<TimelineEntry> entries) {
        return render(sessionId, entries, false);
    }

    static String render(String sessionId, List<TimelineEntry> entries, boolean truncated) {
        StringBuilder out = new StringBuilder(1024 + entries.size() * 256);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Timeline of session ")
                .append(escape(sessionId)).append("</title>\n<style>body{font-family:sans-serif}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px;"
                        + "vertical-align:top;text-align:left}</style></head>\n<body>\n<h1>Session ")
                .append(escape(sessionId)).append("</h1>\n");
        if (entries.isEmpty()) {
            out.append("<p>No decision, coverage or tracking event is recorded for this session.</p>\n");
        } else {
            out.append("<p>").append(entries.size()).append(" events, oldest first")
                    .append(truncated ? " (more exist: raise <code>limit</code> to see them)" : "")
                    .append(".</p>\n<table>\n<thead><tr>"
                    + "<th>Time (UTC)</th><th>Kind</th><th>Event</th><th>Experiments / treatments</th>"
                    + "<th>Event id</th></tr></thead>\n<tbody>\n");
            for (TimelineEntry e : entries) {
                out.append("<tr><td>").append(escape(String.valueOf(e.time()))).append("</td><td>")
                        .append(e.kind()).append("</td><td>").append(escape(describe(e))).append("</td><td>")
                        .append(escape(experiments(e))).append("</td><td><code>").append(escape(e.eventId()))
                        .append("</code></td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }
        return out.append("</body></html>\n").toString();
    }

    private static String describe(TimelineEntry e) {
        StringBuilder s = new StringBuilder();
        switch (e.kind()) {
            case decision -> {
                s.append(Boolean.TRUE.equals(e.holdout()) ? "holdout" : "assigned")
                        .append(", config ").append(e.configVersion());
                if (e.holdoutUnitType() != null) {
                    s.append(", holdout ").append(e.holdoutBasisPoints()).append(" bp by ").append(e.holdoutUnitType())
                            .append(' ').append(e.holdoutUnitId() == null ? "(no id)" : e.holdoutUnitId());
                }
            }
            case coverage -> {
                s.append("covered, config ").append(e.configVersion());
                if (e.exposureKey() != null) {
                    s.append(", exposure ").append(e.exposureKey());
                }
            }
            case tracking -> {
                s.append(e.type());
                if (e.name() != null) {
                    s.append(' ').append(e.name());
                }
                if (e.value() != null) {
                    s.append(", ").append(e.value()).append(' ').append(e.currency()).append(" (minor units)");
                }
                if (e.orderId() != null) {
                    s.append(", order ").append(e.orderId());
                }
                if (e.properties() != null && !e.properties().isEmpty()) {
                    s.append(", ").append(map(e.properties()));
                }
            }
        }
        if (e.page() != null) {
            s.append(", page ").append(e.page());
        }
        if (e.userId() != null) {
            s.append(", user ").append(e.userId());
        }
        return s.toString();
    }

    private static String experiments(TimelineEntry e) {
        return e.experiments().stream().map(x -> x.experimentId() + " = " + x.treatment()
                        + (x.unitType() == null ? "" : " (" + x.unitType() + " " + x.unitId() + ")")
                        + (Boolean.TRUE.equals(x.forced()) ? " (forced)" : "")
                        + (Boolean.TRUE.equals(x.covered()) ? " (covered)" : ""))
                .collect(Collectors.joining("; "));
    }

    private static String map(Map<String, String> map) {
        return map.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(x -> x.getKey() + "=" + x.getValue())
                .collect(Collectors.joining(" "));
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
