package dev.ep.config.api.audit;

import dev.ep.config.api.CommandGateway;
import dev.ep.config.store.AuditReport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Verifies the whole hash chain of the event log. */
@RestController
class AuditController {

    /** The verification result: {@code firstBrokenSequence} and {@code problem} are null when intact. */
    record Verification(boolean intact, long verifiedThrough, Long firstBrokenSequence, String problem) {
    }

    private final CommandGateway gateway;

    AuditController(CommandGateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/v1/audit/verify")
    Verification verify() {
        AuditReport r = gateway.store().verify();
        return new Verification(r.intact(), r.verifiedThrough(), r.firstBrokenSequence().orElse(null),
                r.problem().orElse(null));
    }
}
