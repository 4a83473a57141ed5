package dev.ep.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The "what runs where" table printed once the platform is up (and kept in {@code run/summary.txt}). */
final class SummaryTable {

    /** One line of the table; blank cells are shown as "-". */
    record Row(String name, String endpoint, String pid, String log, String data) {
        Row {
            Objects.requireNonNull(name, "name");
            endpoint = dashIfBlank(endpoint);
            pid = dashIfBlank(pid);
            log = dashIfBlank(log);
            data = dashIfBlank(data);
        }

        private static String dashIfBlank(String s) {
            return s == null || s.isBlank() ? "-" : s;
        }

        List<String> cells() {
            return List.of(name, endpoint, pid, log, data);
        }
    }

    static final List<String> HEADER = List.of("NAME", "URL / PORT", "PID", "LOG", "DATA");

    private SummaryTable() {
    }

    /** Left-aligned columns, two spaces apart, a dashed rule under the header; no trailing spaces. */
    static String render(List<Row> rows) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        rows.forEach(r -> lines.add(r.cells()));
        int[] widths = new int[HEADER.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            out.append(format(lines.get(n), widths)).append('\n');
            if (n == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                out.append(format(rule, widths)).append('\n');
            }
        }
        return out.toString();
    }

    private static String format(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        return line.toString().stripTrailing();
    }
}
