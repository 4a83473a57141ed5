package dev.ep.targeting;

/**
 * Reads an attribute's text as a number without allocating in the common case.
 *
 * <p>A text is a number when it matches the JSON number grammar
 * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} and is at most {@value #MAX_LENGTH}
 * characters long. So {@code "42"}, {@code "-1.5"} and {@code "2e3"} are numbers; {@code "+1"},
 * {@code ".5"}, {@code "007"} (a zip code stays a string), {@code "1,5"}, {@code " 1"}, {@code "NaN"}
 * and {@code "Infinity"} are not. The value is the correctly rounded double, as
 * {@link Double#parseDouble(String)} would give.
 */
final class NumberText {

    static final int MAX_LENGTH = 64;

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    private static final long MAX_EXACT = 1L << 53;

    private NumberText() {
    }

    /** The number the text denotes, or {@code NaN} when it is not a number. */
    static double parse(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_LENGTH) {
            return Double.NaN;
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        int intStart = i;
        long mantissa = 0;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            if (digits < 18) {
                mantissa = mantissa * 10 + (s.charAt(i) - '0');
            }
            digits++;
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) {
            return Double.NaN;
        }
        int fractionDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int fracStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (s.charAt(i) - '0');
                }
                digits++;
                i++;
            }
            fractionDigits = i - fracStart;
            if (fractionDigits == 0) {
                return Double.NaN;
            }
        }
        boolean exponent = false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            exponent = true;
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return Double.NaN;
            }
        }
        if (i != n) {
            return Double.NaN;
        }
        if (!exponent && digits <= 18 && mantissa <= MAX_EXACT && fractionDigits < POW10.length) {
            // Both operands are exact doubles, so one IEEE division is correctly rounded.
            double value = fractionDigits == 0 ? (double) mantissa : mantissa / POW10[fractionDigits];
            return negative ? -value : value;
        }
        return Double.parseDouble(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
