package dev.ep.simulator.ledger;

import java.util.List;

/**
 * A whole ledger read back: its header and its entries in writing order. {@code truncated}: the run stopped
 * starting sessions because the ledger reached its bound.
 */
public record LedgerContents(RunHeader header, List<LedgerEntry> entries, boolean truncated) {

    public LedgerContents {
        entries = List.copyOf(entries);
    }

    /** The storefront calls: every entry but the run's configuration changes. */
    public List<LedgerEntry> calls() {
        return entries.stream().filter(e -> !LedgerEntry.CHANGE.equals(e.call())).toList();
    }

    /** The configuration changes the run made, in order. */
    public List<LedgerEntry> changes() {
        return entries.stream().filter(e -> LedgerEntry.CHANGE.equals(e.call())).toList();
    }
}
