package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Validation 0, the ledger's own integrity, which the other validations (and the comparison of the reports with the
 * ledger) rely on: every event id and every order id was sent exactly once (a duplicate would make the ledger's
 * totals differ from a platform that rightly deduplicates); no well-formed storefront call was refused (4xx); every
 * coverage the storefront confirmed came back {@code covered}; the run was not cut short by the ledger's bound.
 */
public final class IntegrityValidation implements Validation {

    public static final String NAME = "0 ledger integrity";

    @Override
    public ValidationResult validate(LedgerContents ledger) {
        Findings f = new Findings(NAME);
        Set<String> eventIds = new HashSet<>();
        Set<String> orderIds = new HashSet<>();
        Map<String, Long> calls = new HashMap<>();
        long events = 0;
        Set<String> sessions = new HashSet<>();
        for (LedgerEntry e : ledger.calls()) {
            calls.merge(e.call(), 1L, Long::sum);
            sessions.add(e.session());
            if (e.status() >= 400 && e.status() < 500) {
                f.problem("HTTP " + e.status() + " refused " + e.call() + " of " + e.session() + " on " + e.page()
                        + ": " + e.error());
            }
            for (LedgerEntry.Sent s : e.events()) {
                events++;
                if (!eventIds.add(s.id())) {
                    f.problem("event id " + s.id() + " sent twice (seq " + e.seq() + ")");
                }
                if (s.orderId() != null && !orderIds.add(s.orderId())) {
                    f.problem("order id " + s.orderId() + " sent twice (seq " + e.seq() + ")");
                }
            }
            if (e.ok()) {
                for (LedgerEntry.Covered c : e.coverage()) {
                    if (!c.covered()) {
                        f.problem("coverage of " + c.experiment() + " for " + e.session() + " came back " + c.status()
                                + " (seq " + e.seq() + ")");
                    }
                }
            }
        }
        if (ledger.truncated()) {
            f.problem("the run was cut short: the ledger reached its bound");
        }
        f.figure("sessions: " + sessions.size() + ", calls: " + calls + ", events: " + events + ", orders: "
                + orderIds.size());
        return f.result();
    }
}
