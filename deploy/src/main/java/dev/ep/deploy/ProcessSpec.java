package dev.ep.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to run one platform process: its command line, the environment it gets on top of the launcher's own (minus
 * the variables the launcher manages, so a value meant for one process never leaks into another), and the log
 * file its stdout and stderr are appended to.
 */
record ProcessSpec(String name, List<String> command, Map<String, String> environment,
                   Set<String> removedEnvironment, Path workingDir, Path logFile) {

    ProcessSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a process needs a command");
        }
        environment = Map.copyOf(environment);
        removedEnvironment = Set.copyOf(removedEnvironment);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(logFile, "logFile");
    }

    /** Applies this spec's environment to an inherited one. */
    void applyEnvironment(Map<String, String> inherited) {
        inherited.keySet().removeAll(removedEnvironment);
        inherited.putAll(environment);
    }
}
