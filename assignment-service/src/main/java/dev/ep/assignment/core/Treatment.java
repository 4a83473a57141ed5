package dev.ep.assignment.core;

/** A compiled treatment: what an assignment answers. {@code variables} is JSON object text. */
public record Treatment(String name, boolean control, String variables) {
}
