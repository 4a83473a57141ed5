package dev.ep.simulator.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-written SVG charts for the HTML report (no charting library: nothing to vendor, the report is one
 * self-contained file that opens offline). Line charts and grouped bar charts, 640 × 260 pixels.
 */
final class Svg {

    private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int W = 640;
    private static final int H = 260;
    private static final int LEFT = 60;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private Svg() {
    }

    /** One line per series over the same x positions; {@code xLabels} label the x axis. */
    static String lines(String title, String yLabel, List<String> xLabels, Map<String, double[]> series) {
        double max = 0;
        for (double[] values : series.values()) {
            for (double v : values) {
                max = Double.isFinite(v) ? Math.max(max, v) : max;
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        StringBuilder b = start(title, yLabel, max);
        int n = xLabels.size();
        for (int i = 0; i < n; i++) {
            if (n <= 12 || i % Math.max(1, n / 12) == 0) {
                b.append(text(x(i, n), H - BOTTOM + 15, xLabels.get(i), "middle", 10));
            }
        }
        int c = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            String colour = COLOURS[c % COLOURS.length];
            StringBuilder points = new StringBuilder();
            double[] values = s.getValue();
            for (int i = 0; i < values.length; i++) {
                if (Double.isFinite(values[i])) {
                    points.append(fmt(x(i, n))).append(',').append(fmt(y(values[i], max))).append(' ');
                }
            }
            b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
                    .append(points.toString().trim()).append("\"/>");
            b.append(legend(c, s.getKey(), colour));
            c++;
        }
        return b.append("</svg>").toString();
    }

    /** Groups of bars: per group label, one bar per series (same series in every group). */
    static String bars(String title, String yLabel, List<String> groups, Map<String, double[]> series) {
        double max = 0;
        for (double[] values : series.values()) {
            for (double v : values) {
                max = Math.max(max, v);
            }
        }
        max = max <= 0 ? 1 : max * 1.15;
        StringBuilder b = start(title, yLabel, max);
        int g = groups.size();
        double groupWidth = (double) (W - LEFT - RIGHT) / Math.max(1, g);
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        for (int i = 0; i < g; i++) {
            b.append(text(LEFT + groupWidth * (i + 0.5), H - BOTTOM + 15, groups.get(i), "middle", 11));
        }
        int c = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            String colour = COLOURS[c % COLOURS.length];
            for (int i = 0; i < g; i++) {
                double v = s.getValue()[i];
                double x0 = LEFT + groupWidth * i + groupWidth * 0.1 + barWidth * c;
                double y0 = y(v, max);
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %.4f</title></rect>",
                        x0, y0, barWidth, (H - BOTTOM) - y0, colour, esc(s.getKey()), v));
            }
            b.append(legend(c, s.getKey(), colour));
            c++;
        }
        return b.append("</svg>").toString();
    }

    private static StringBuilder start(String title, String yLabel, double max) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" font-family=\"sans-serif\" role=\"img\">");
        b.append("<title>").append(esc(title)).append("</title>");
        b.append(text(LEFT, 18, title, "start", 13));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT,
                H - BOTTOM, W - RIGHT, H - BOTTOM));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, TOP,
                LEFT, H - BOTTOM));
        for (int k = 0; k <= 4; k++) {
            double v = max * k / 4;
            double yy = y(v, max);
            b.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, yy, W - RIGHT, yy));
            b.append(text(LEFT - 5, yy + 4, compact(v), "end", 10));
        }
        b.append(String.format(Locale.ROOT,
                "<text x=\"14\" y=\"%d\" font-size=\"10\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>",
                (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, esc(yLabel)));
        return b;
    }

    private static String legend(int index, String name, String colour) {
        int yy = TOP + 14 * index;
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                W - RIGHT + 10, yy, colour) + text(W - RIGHT + 25, yy + 9, name, "start", 10);
    }

    private static double x(int i, int n) {
        return n <= 1 ? LEFT : LEFT + (double) (W - LEFT - RIGHT) * i / (n - 1);
    }

    private static double y(double v, double max) {
        return (H - BOTTOM) - (H - BOTTOM - TOP) * v / max;
    }

    private static String text(double x, double y, String s, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>",
                x, y, size, anchor, esc(s));
    }

    private static String compact(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
