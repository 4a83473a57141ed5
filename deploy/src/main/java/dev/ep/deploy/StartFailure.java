package dev.ep.deploy;

import java.nio.file.Path;
import java.util.Optional;

/** Why the platform could not start: which process, and the log that tells more. */
final class StartFailure extends Exception {

    private final String processName;
    private final transient Optional<Path> logFile;

    StartFailure(String processName, String message, Optional<Path> logFile) {
        super(message);
        this.processName = processName;
        this.logFile = logFile;
    }

    StartFailure(String processName, String message, Optional<Path> logFile, Throwable cause) {
        super(message, cause);
        this.processName = processName;
        this.logFile = logFile;
    }

    String processName() {
        return processName;
    }

    Optional<Path> logFile() {
        return logFile;
    }
}
