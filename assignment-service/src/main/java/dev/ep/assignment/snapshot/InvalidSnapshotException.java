package dev.ep.assignment.snapshot;

/** A configuration record that cannot be applied; it goes to the dead-letter topic with this reason. */
final class InvalidSnapshotException extends RuntimeException {

    InvalidSnapshotException(String reason) {
        super(reason);
    }

    InvalidSnapshotException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
