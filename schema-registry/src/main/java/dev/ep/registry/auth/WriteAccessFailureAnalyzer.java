package dev.ep.registry.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused start for want of write credentials into Boot's short "APPLICATION FAILED TO START" report. */
class WriteAccessFailureAnalyzer extends AbstractFailureAnalyzer<WriteAccessException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WriteAccessException cause) {
        return new FailureAnalysis(cause.getMessage(), "Configure the registry's writers (see schema-registry/README.md,"
                + " \"Write authentication\").", cause);
    }
}
