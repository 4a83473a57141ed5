package dev.ep.config.experiment;

/** What is hashed for assignment. */
public enum AssignmentUnit {
    /** The storefront session id (default). */
    SESSION,
    /** The logged-in user id; units without one get no assignment from the experiment. */
    USER
}
