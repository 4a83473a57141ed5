package dev.ep.assignment.bench;

import java.util.List;

/**
 * A least-squares line through (x, y) points with the 95% confidence interval of its slope (Student's t with n − 2
 * degrees of freedom), for the memory benchmark: old-generation occupancy (MiB) against time (minutes). "Upward" means
 * the whole interval lies above zero, i.e. the growth is not explained by scatter around a flat line.
 *
 * @param samples points fitted
 * @param slope   fitted slope (y per x)
 * @param lower   lower end of the slope's 95% confidence interval
 * @param upper   upper end
 * @param first   the fitted value at the first x
 * @param last    the fitted value at the last x
 */
record Trend(int samples, double slope, double lower, double upper, double first, double last) {

    /** t quantiles 0.975 for 1..30 degrees of freedom (any statistics table; scipy.stats.t.ppf(0.975, df)). */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042};

    /** Fits the points {@code {x, y}}; fewer than 3 distinct x give a trend whose verdict says so. */
    static Trend fit(List<double[]> points) {
        int n = points.size();
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(Double.NaN);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
        double sxx = 0;
        double sxy = 0;
        for (double[] p : points) {
            sxx += (p[0] - mx) * (p[0] - mx);
            sxy += (p[0] - mx) * (p[1] - my);
        }
        if (n < 3 || sxx == 0) {
            return new Trend(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double sse = 0;
        for (double[] p : points) {
            double residual = p[1] - (intercept + slope * p[0]);
            sse += residual * residual;
        }
        double standardError = Math.sqrt(sse / (n - 2) / sxx);
        double half = t975(n - 2) * standardError;
        double x0 = points.stream().mapToDouble(p -> p[0]).min().orElseThrow();
        double x1 = points.stream().mapToDouble(p -> p[0]).max().orElseThrow();
        return new Trend(n, slope, slope - half, slope + half, intercept + slope * x0, intercept + slope * x1);
    }

    /** Student's t 0.975 quantile: the table to 30 degrees of freedom, then the Cornish–Fisher expansion. */
    static double t975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be positive");
        }
        if (degreesOfFreedom <= T975.length) {
            return T975[degreesOfFreedom - 1];
        }
        double z = 1.959964;
        double v = degreesOfFreedom;
        return z + (z * z * z + z) / (4 * v) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
    }

    boolean determined() {
        return !Double.isNaN(slope);
    }

    /** The slope's whole 95% interval is above zero. */
    boolean upward() {
        return determined() && lower > 0;
    }

    String verdict() {
        return !determined() ? "too few points for a trend" : upward() ? "upward trend" : "no upward trend";
    }
}
