package dev.ep.assignment.core;

/** What is hashed for assignment. {@link #UNKNOWN} (a newer kind this service does not know) is never assignable. */
public enum UnitType {
    SESSION, USER, UNKNOWN
}
