package dev.ep.simulator.engine;

import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.model.ChangeSpec;

/**
 * Makes one of the model's scheduled configuration changes, as an experiment owner would, and returns once the
 * storefront's next call is decided with it (against the platform: assignment-service serves the change's
 * configuration version). The HTTP implementation calls config-service; the offline one changes its local rules.
 */
@FunctionalInterface
public interface ConfigChanger {

    ConfigChanger NONE = change -> {
        throw new IllegalStateException("this run makes no configuration change");
    };

    LedgerEntry.Change apply(ChangeSpec change) throws InterruptedException;
}
