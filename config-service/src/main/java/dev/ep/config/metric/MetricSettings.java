package dev.ep.config.metric;

import java.util.Locale;
import java.util.OptionalDouble;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * How reporting analyses a metric, set where the metric is defined (and audited like every other change).
 *
 * @param tau2          the mSPRT mixture variance τ² (Johari, Pekelis, Walsh 2017) on the scale of the difference
 *                      treatment − control, i.e. in the metric's unit squared (revenue in minor units: cents²);
 *                      empty selects reporting's data-dependent default {@code (0.1 × control mean)²}. Finite, in
 *                      [{@value #MIN_TAU2}, {@value #MAX_TAU2}].
 * @param harmDirection which way the metric moves when a treatment hurts (guardrail auto-pause)
 */
public record MetricSettings(OptionalDouble tau2, HarmDirection harmDirection) {

    /** Smallest τ² accepted: below it Λ's exponent overflows for any visible difference. */
    public static final double MIN_TAU2 = 1e-12;
    /** Largest τ² accepted (a revenue metric in minor units squared stays far below). */
    public static final double MAX_TAU2 = 1e15;

    /** No τ² (reporting's default), a decrease is harm: every metric's setting until someone changes it. */
    public static final MetricSettings DEFAULT = new MetricSettings(OptionalDouble.empty(), HarmDirection.DECREASE_IS_HARM);

    public MetricSettings {
        tau2 = tau2 == null ? OptionalDouble.empty() : tau2;
        if (harmDirection == null) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "harmDirection: required (decrease_is_harm or increase_is_harm)");
        }
        if (tau2.isPresent()) {
            double t = tau2.getAsDouble();
            if (!Double.isFinite(t) || t < MIN_TAU2 || t > MAX_TAU2) {
                throw new ConfigException(ErrorCode.INVALID_FIELD, String.format(Locale.ROOT,
                        "tau2: must be a finite number in [%s, %s] (the mixture variance, in the metric's unit squared),"
                                + " got %s", MIN_TAU2, MAX_TAU2, t));
            }
        }
    }

    /** Settings from request values: {@code tau2} null = the default; {@code harmDirection} null = decrease is harm. */
    public static MetricSettings of(Double tau2, String harmDirection) {
        return new MetricSettings(tau2 == null ? OptionalDouble.empty() : OptionalDouble.of(tau2),
                harmDirection == null ? HarmDirection.DECREASE_IS_HARM : HarmDirection.parse("harmDirection", harmDirection));
    }
}
