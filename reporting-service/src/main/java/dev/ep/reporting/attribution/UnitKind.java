package dev.ep.reporting.attribution;

/**
 * What a unit is: a session or a user. Only a user unit keeps a daily history ({@link ActivityHistory}), because only
 * USER experiments take their CUPED covariate from a fixed period before the experiment started (README "Metrics").
 */
public enum UnitKind {
    SESSION, USER
}
