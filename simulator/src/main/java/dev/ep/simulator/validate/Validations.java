package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerContents;
import java.util.List;

/** The ledger validations of a run, in the order they are reported. */
public final class Validations {

    private Validations() {
    }

    public static List<Validation> all() {
        return List.of(new IntegrityValidation(), new SlaValidation(), new ConflictValidation(),
                new TrafficValidation());
    }

    public static List<ValidationResult> run(LedgerContents ledger) {
        return all().stream().map(v -> v.validate(ledger)).toList();
    }
}
