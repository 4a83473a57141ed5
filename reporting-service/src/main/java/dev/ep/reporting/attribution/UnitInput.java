package dev.ep.reporting.attribution;

/** What a unit's processor receives: an exposure, a tracking event or an assignment decision. */
public sealed interface UnitInput permits Coverage, Activity, Decision {

    /** The server time of the input (coverage time, tracking receivedTime, decision time): the one clock. */
    long time();
}
