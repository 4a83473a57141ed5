package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerContents;

/** A check over a run's ledger; plain Java, needs nothing but the ledger. */
public interface Validation {

    ValidationResult validate(LedgerContents ledger);
}
