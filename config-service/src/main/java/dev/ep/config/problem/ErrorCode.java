package dev.ep.config.problem;

/**
 * Why a command was refused, with the HTTP status the REST layer answers with. 400: the request
 * itself is malformed or invalid; 403: the caller's teams do not cover the experiment's owner; 404: the addressed resource does not exist; 409: the request
 * conflicts with the current state (try again after changing the state); 422: the request is
 * well-formed but refers to things that do not exist, is incomplete for the operation, or breaks a rule
 * between aggregates (an experiment's unit against its layer's, a salt another live or draft experiment uses).
 */
public enum ErrorCode {
    INVALID_FIELD(400),
    INVALID_TARGETING(400),
    INVALID_TREATMENTS(400),
    INVALID_WEIGHTS(400),
    INVALID_VARIABLES(400),
    INVALID_TRAFFIC(400),
    REASON_REQUIRED(400),
    /** The caller's token is not bound to the team that owns (or would own) the experiment. */
    TEAM_FORBIDDEN(403),
    LAYER_NOT_FOUND(404),
    EXPERIMENT_NOT_FOUND(404),
    METRIC_NOT_FOUND(404),
    LAYER_ALREADY_EXISTS(409),
    EXPERIMENT_ALREADY_EXISTS(409),
    METRIC_ALREADY_EXISTS(409),
    VERSION_CONFLICT(409),
    ILLEGAL_TRANSITION(409),
    WRONG_STATUS(409),
    TREATMENTS_FIXED(409),
    NO_CHANGE(409),
    LAYER_CAPACITY_EXCEEDED(409),
    UNKNOWN_LAYER(422),
    UNKNOWN_METRIC(422),
    UNKNOWN_TREATMENT(422),
    PRIMARY_METRIC_REQUIRED(422),
    /** An experiment's unit differs from its layer's (every experiment of a layer hashes the layer's unit). */
    UNIT_MISMATCH(422),
    /** Another experiment that is not STOPPED has the salt (their treatments would be correlated). */
    SALT_IN_USE(422);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
