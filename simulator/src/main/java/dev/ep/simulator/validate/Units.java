package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.RunHeader;

/** The unit an experiment (or the holdout) hashes, as it was in one call: the session, or the user if logged in. */
final class Units {

    private Units() {
    }

    static String of(String unitType, LedgerEntry e) {
        return "user".equals(unitType) ? e.user() : e.session();
    }

    static String of(RunHeader.Experiment experiment, LedgerEntry e) {
        return of(experiment.unit(), e);
    }
}
